package dev.edgehost.host.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Addresses a fetch may not reach unless an allow-list entry names the host exactly: everything
 * that is not the public internet, where a guest could reach the host's own services, its network
 * or a cloud metadata endpoint.
 */
final class AddressPolicy {

    private AddressPolicy() {}

    static boolean isRefused(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xFF;
            int second = bytes[1] & 0xFF;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 192 && second == 0 && (bytes[2] & 0xFF) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            List<Inet4Address> carried = EmbeddedIpv4.carried(bytes);
            if (!carried.isEmpty()) {
                return carried.stream().anyMatch(AddressPolicy::isRefused);
            }
            // Only 2000::/3 is global unicast; outside it are unique local fc00::/7 (including
            // fd00:ec2::254), discard-only 100::/64, and NAT64 prefixes other than those above.
            return (bytes[0] & 0xE0) != 0x20
                    || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && (bytes[3] & 0xFF) == 0xB8); // documentation 2001:db8::/32
        }
        return true;
    }
}

package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address policy of fetches, for each form an address can take, IPv6 forms carrying IPv4 included. */
class AddressPolicyTest {

    /** An IPv6 literal as an {@link Inet6Address}; the JDK would turn an IPv4-mapped literal into IPv4. */
    private static InetAddress ipv6(String literal) throws UnknownHostException {
        InetAddress parsed = InetAddress.getByName(literal);
        byte[] bytes = parsed.getAddress();
        if (parsed instanceof Inet4Address) {
            bytes = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, bytes[0], bytes[1], bytes[2], bytes[3]};
        }
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    /** A Teredo address: the server's IPv4 address as is, the client's inverted, as RFC 4380 has them. */
    private static InetAddress teredo(String server, String client) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        System.arraycopy(InetAddress.getByName(server).getAddress(), 0, bytes, 4, 4);
        byte[] clientBytes = InetAddress.getByName(client).getAddress();
        for (int i = 0; i < 4; i++) {
            bytes[12 + i] = (byte) ~clientBytes[i];
        }
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "192.0.0.8", "198.18.0.1", "224.0.0.1", "255.255.255.255"})
    void isRefused_nonPublicIpv4_isRefused(String address) throws UnknownHostException {
        assertTrue(AddressPolicy.isRefused(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "fe80::1", "ff02::1", "fc00::1", "fd00:ec2::254", "fec0::1", "100::1", "2001:db8::1",
        "64:ff9b:0:1::7f00:1", "4000::1"})
    void isRefused_nonPublicIpv6_isRefused(String address) throws UnknownHostException {
        assertTrue(AddressPolicy.isRefused(ipv6(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", // IPv4-mapped
        "::127.0.0.1", "::10.0.0.1", // IPv4-compatible
        "::ffff:0:127.0.0.1", "::ffff:0:192.168.0.1", // IPv4-translated
        "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", // NAT64, the well-known prefix
        "64:ff9b:1::7f00:1", "64:ff9b:1::a9fe:a9fe", // NAT64, the local-use prefix as a /96
        "64:ff9b:1:abcd::7f00:1", "64:ff9b:1:0:0:5db8:d822:0", // local-use, the IPv4 address where the host cannot tell
        "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:c0a8:101::1", "2002:a00:1::" // 6to4
    })
    void isRefused_ipv6CarryingANonPublicIpv4_isRefused(String address) throws UnknownHostException {
        assertTrue(AddressPolicy.isRefused(ipv6(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:93.184.216.34", "::93.184.216.34", "::ffff:0:93.184.216.34", "64:ff9b::5db8:d822", "64:ff9b:1::5db8:d822",
        "2002:5db8:d822::1", "2606:2800:220:1:248:1893:25c8:1946", "2a00:1450:4001:82a::200e"})
    void isRefused_publicIpv6OrIpv6CarryingAPublicIpv4_isAllowed(String address) throws UnknownHostException {
        assertFalse(AddressPolicy.isRefused(ipv6(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "169.254.169.254", "10.0.0.1", "192.168.1.1", "0.0.0.0"})
    void isRefused_teredoToANonPublicClientOrThroughANonPublicServer_isRefused(String nonPublic) throws UnknownHostException {
        assertTrue(AddressPolicy.isRefused(teredo("65.54.227.120", nonPublic)));
        assertTrue(AddressPolicy.isRefused(teredo(nonPublic, "93.184.216.34")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8"})
    void isRefused_teredoBetweenPublicAddresses_isAllowed(String client) throws UnknownHostException {
        assertFalse(AddressPolicy.isRefused(teredo("65.54.227.120", client)));
    }
}

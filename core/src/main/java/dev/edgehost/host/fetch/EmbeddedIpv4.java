package dev.edgehost.host.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The IPv4 addresses that an IPv6 address carries, in the forms whose packets end up at such an
 * address: a fetch to one of them reaches that IPv4 address, so the address policy has to judge
 * it by the IPv4 address, not by its IPv6 form.
 */
final class EmbeddedIpv4 {

    private EmbeddedIpv4() {}

    /**
     * The IPv4 addresses in {@code ipv6}, 16 bytes; empty when it is none of these forms:
     *
     * <ul>
     *   <li>IPv4-mapped {@code ::ffff:a.b.c.d} and IPv4-compatible {@code ::a.b.c.d} (RFC 4291),
     *       IPv4-translated {@code ::ffff:0:a.b.c.d} (RFC 2765): the last 32 bits;
     *   <li>NAT64, the well-known prefix {@code 64:ff9b::/96} (RFC 6052) and the local-use
     *       {@code 64:ff9b:1::/48} used as a /96 (RFC 8215): the last 32 bits;
     *   <li>6to4, {@code 2002::/16} (RFC 3056): bits 16 to 47;
     *   <li>Teredo, {@code 2001::/32} (RFC 4380): the server in bits 32 to 63 and the client in the
     *       last 32 bits, inverted; a packet goes through the one to the other.
     * </ul>
     */
    static List<Inet4Address> carried(byte[] ipv6) {
        if (isZero(ipv6, 0, 10) && (ipv6[10] & 0xFF) == 0xFF && (ipv6[11] & 0xFF) == 0xFF) {
            return List.of(ipv4(ipv6, 12, false));
        }
        if (isZero(ipv6, 0, 12)) {
            return List.of(ipv4(ipv6, 12, false));
        }
        if (isZero(ipv6, 0, 8) && (ipv6[8] & 0xFF) == 0xFF && (ipv6[9] & 0xFF) == 0xFF && isZero(ipv6, 10, 12)) {
            return List.of(ipv4(ipv6, 12, false));
        }
        if (startsWith(ipv6, 0x00, 0x64, 0xFF, 0x9B)) {
            boolean wellKnown = isZero(ipv6, 4, 12);
            boolean localUseAsSlash96 = (ipv6[4] & 0xFF) == 0 && (ipv6[5] & 0xFF) == 1 && isZero(ipv6, 6, 12);
            return wellKnown || localUseAsSlash96 ? List.of(ipv4(ipv6, 12, false)) : List.of();
        }
        if (startsWith(ipv6, 0x20, 0x02)) {
            return List.of(ipv4(ipv6, 2, false));
        }
        if (startsWith(ipv6, 0x20, 0x01, 0x00, 0x00)) {
            return List.of(ipv4(ipv6, 4, false), ipv4(ipv6, 12, true));
        }
        return List.of();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte[] bytes, int from, boolean inverted) {
        byte[] ipv4 = Arrays.copyOfRange(bytes, from, from + 4);
        if (inverted) {
            for (int i = 0; i < 4; i++) {
                ipv4[i] = (byte) ~ipv4[i];
            }
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(ipv4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which hop of a forwarding chain is the client, and which proxy blocks parse. */
class TrustedProxiesTest {
    private static InetAddress ip(String literal) {
        return TrustedProxies.literal(literal);
    }

    @Test
    void trusts_blocksOfBothFamiliesAndSingleAddresses() {
        TrustedProxies trusted = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.1", "2001:db8::/33", "172.16.0.0/12"));

        assertTrue(trusted.trusts(ip("10.255.0.1")));
        assertTrue(trusted.trusts(ip("192.168.1.1")));
        assertFalse(trusted.trusts(ip("192.168.1.2")));
        assertTrue(trusted.trusts(ip("2001:db8:7fff::1")));
        assertFalse(trusted.trusts(ip("2001:db8:8000::1")), "the 33rd bit");
        assertTrue(trusted.trusts(ip("172.31.255.255")));
        assertFalse(trusted.trusts(ip("172.32.0.0")));
        assertTrue(trusted.trusts(ip("::ffff:10.0.0.1")), "an IPv4-mapped peer of a dual-stack socket is its IPv4 address");
    }

    @Test
    void client_isTheFirstUntrustedHopFromTheRight() {
        TrustedProxies trusted = TrustedProxies.parse(List.of("10.0.0.0/8"));

        assertEquals(ip("203.0.113.7"), trusted.client(ip("10.0.0.1"), List.of("192.0.2.1", "203.0.113.7", "10.0.0.2")));
        assertEquals(ip("192.0.2.1"), trusted.client(ip("10.0.0.1"), List.of("192.0.2.1", "10.0.0.3", "10.0.0.2")));
        assertEquals(ip("10.0.0.3"), trusted.client(ip("10.0.0.1"), List.of("10.0.0.3", "10.0.0.2")), "all trusted: the leftmost");
        assertEquals(ip("10.0.0.2"), trusted.client(ip("10.0.0.1"), List.of("203.0.113.7", "unknown", "10.0.0.2")),
                "an unknown hop stops the chain at the proxy that wrote it");
        assertEquals(ip("10.0.0.1"), trusted.client(ip("10.0.0.1"), List.of()));
    }

    @Test
    void parse_badBlocks_areRefusedByName_andNamesAreNeverResolved() {
        assertEquals("not an IP address or CIDR block: example.com",
                assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("example.com"))).getMessage());
        assertEquals("the prefix of 10.0.0.0/33 is 0 to 32",
                assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33"))).getMessage());
        assertEquals("not an IP address or CIDR block: 10.0.0.0/x",
                assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/x"))).getMessage());
        assertNull(TrustedProxies.literal("localhost"));
    }

    @Test
    void forwardedFor_unquotesAndDropsBracketsAndPort() {
        assertEquals("2001:db8::7", ClientAddressHandler.forwardedFor("for=\"[2001:db8::7]:4711\";proto=https"));
        assertEquals("198.51.100.3", ClientAddressHandler.forwardedFor("proto=http; For=198.51.100.3:80"));
        assertEquals("", ClientAddressHandler.forwardedFor("by=203.0.113.43"));
    }
}

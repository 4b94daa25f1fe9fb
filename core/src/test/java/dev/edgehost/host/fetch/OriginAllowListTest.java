package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginAllowListTest {

    private static OriginAllowList.Entry match(String entry, String url) {
        return OriginAllowList.parse(List.of(entry)).match(URI.create(url));
    }

    @Test
    void match_exactOriginWithDefaultPorts() {
        assertNotNull(match("https://api.example.com", "https://api.example.com/v1?x=1"));
        assertNotNull(match("https://api.example.com", "https://API.example.com:443/"));
        assertNotNull(match("http://api.example.com", "http://api.example.com:80/"));
        assertNull(match("https://api.example.com", "http://api.example.com/"));
        assertNull(match("https://api.example.com", "https://api.example.com:8443/"));
        assertNull(match("https://api.example.com", "https://evil.com/?https://api.example.com"));
        assertNull(match("https://api.example.com", "https://api.example.com.evil.com/"));
    }

    @Test
    void match_wildcardCoversSubdomainsOnly() {
        assertNotNull(match("https://*.example.com", "https://a.example.com/"));
        assertNotNull(match("https://*.example.com", "https://a.b.example.com/"));
        assertNull(match("https://*.example.com", "https://example.com/"));
        assertNull(match("https://*.example.com", "https://badexample.com/"));
        assertTrue(!match("https://*.example.com", "https://a.example.com/").explicit());
        assertTrue(match("https://example.com", "https://example.com/").explicit());
    }

    @Test
    void match_emptyList_allowsNothing() {
        assertNull(OriginAllowList.parse(List.of()).match(URI.create("https://example.com/")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "ftp://example.com", "https://example.com/path", "https://*.com.*", "https://ex ample.com",
        "https://user@example.com", "https://example.com:70000", "https://*", "https://example.com?q"})
    void parse_malformedEntry_isRefused(String entry) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> OriginAllowList.parse(List.of(entry)));
        assertTrue(error.getMessage().contains(entry));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00:ec2::254", "fc00::1", "::"})
    void addressPolicy_nonPublicAddresses_areRefused(String address) throws Exception {
        assertTrue(AddressPolicy.isRefused(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.128.0.1", "2606:2800:220:1:248:1893:25c8:1946"})
    void addressPolicy_publicAddresses_areAllowed(String address) throws Exception {
        assertTrue(!AddressPolicy.isRefused(InetAddress.getByName(address)), address);
    }

    @Test
    void traceParent_validIncoming_isContinued() {
        TraceParent trace = TraceParent.continueOrStart("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", trace.traceId());
        assertTrue(trace.newSpan().matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"})
    void traceParent_invalidIncoming_startsANewTrace(String incoming) {
        TraceParent trace = TraceParent.continueOrStart(incoming);

        assertTrue(trace.traceId().matches("[0-9a-f]{32}") && !trace.traceId().equals("4bf92f3577b34da6a3ce929d0e0e4736"));
    }
}

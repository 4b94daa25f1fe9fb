package dev.edgehost.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-owned request headers on a real server: the client's address, from the peer or from a
 * trusted proxy's forwarding headers, and where it is, from databases the test writes; a client
 * can never set any of them.
 */
class GeoHeadersServingTest {
    @TempDir
    Path dir;

    /** The request headers the bundled echo guest saw, one {@code name: value} line each. */
    private static List<String> seenHeaders(TestHost host, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.uri("/echo"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        String body = host.send(request.build()).body();
        return List.of(body.split("\n"));
    }

    @Test
    void withoutTrustedProxies_theClientIsThePeer_andForgedHeadersAreRemoved() throws Exception {
        MaxMindLocator locator = MaxMindLocator.open(MaxMindLocatorTest.cityDatabase(dir), null);
        try (TestHost host = TestHost.start(null, builder -> builder.clientLocator(locator))) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");

            List<String> seen = seenHeaders(host, "x-edge-geo-country", "XX", "x-edge-client-ip", "203.0.113.7",
                    "X-Edge-Asn", "1", "x-forwarded-for", "203.0.113.7");

            assertTrue(seen.contains("x-edge-client-ip: 127.0.0.1"), seen.toString());
            assertFalse(seen.stream().anyMatch(line -> line.startsWith("x-edge-geo-") || line.startsWith("x-edge-asn")
                    || line.equals("x-edge-client-ip: 203.0.113.7")), "nothing forged reaches the guest: " + seen);
            assertTrue(seen.contains("x-forwarded-for: 203.0.113.7"), "the client's own header, passed as it is");
        }
    }

    @Test
    void behindATrustedProxy_theClientIsTheFirstUntrustedHop_locatedInBothDatabases() throws Exception {
        MaxMindLocator locator = MaxMindLocator.open(MaxMindLocatorTest.cityDatabase(dir), MaxMindLocatorTest.asnDatabase(dir));
        try (TestHost host = TestHost.start(null, builder -> builder
                .trustedProxies(List.of("127.0.0.0/8", "198.51.100.0/24"))
                .clientLocator(locator))) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");

            List<String> seen = seenHeaders(host, "x-forwarded-for", "192.0.2.1, 203.0.113.7, 198.51.100.20",
                    "x-edge-geo-country", "XX");

            assertEquals(List.of("x-edge-client-ip: 203.0.113.7", "x-edge-geo-country: FR", "x-edge-geo-region: IDF",
                    "x-edge-geo-city: Paris", "x-edge-geo-latitude: 48.8566", "x-edge-geo-longitude: 2.3522",
                    "x-edge-geo-timezone: Europe/Paris", "x-edge-asn: 64496"),
                    seen.stream().filter(line -> line.startsWith("x-edge-")).toList());
        }
    }

    @Test
    void forwarded_isPreferredToXForwardedFor_withQuotedBracketedAndPortedHops() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.trustedProxies(List.of("127.0.0.1")))) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");

            List<String> v6 = seenHeaders(host, "forwarded", "for=198.51.100.3;proto=https, for=\"[2001:db8::7]:4711\"",
                    "x-forwarded-for", "192.0.2.99");
            List<String> obfuscated = seenHeaders(host, "forwarded", "for=_hidden");

            assertTrue(v6.contains("x-edge-client-ip: 2001:db8:0:0:0:0:0:7"), v6.toString());
            assertTrue(obfuscated.contains("x-edge-client-ip: 127.0.0.1"), "an unknown hop: the proxy is as far as is known");
        }
    }
}

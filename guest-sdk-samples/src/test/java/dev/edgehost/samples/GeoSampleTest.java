package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The C sample {@code geo} on a real host that locates its clients ({@link CountryTable}), behind a
 * trusted proxy that names the client in {@code x-forwarded-for}.
 */
class GeoSampleTest {
    private static final String WASM = "c/geo/geo.wasm";
    private static final String FALLBACK =
            "{\"country\":\"unknown\",\"currency\":\"USD\",\"language\":\"en\",\"greeting\":\"Hello\"}\n";

    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false, new CountryTable());
        host.deploy("geo", WASM, Map.of("redirect.FR", "https://example.com/fr/"), "");
        host.deploy("geo-cdn", WASM, Map.of("country_header", "cf-ipcountry"), "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** A request from the client at {@code address}. */
    private static HttpRequest.Builder from(String path, String address) {
        return host.request(path).header("x-forwarded-for", address);
    }

    private static HttpResponse<String> get(String path, String address) {
        return host.send(from(path, address).build());
    }

    @Test
    void clientInGermany_getsEurosAndGerman() {
        HttpResponse<String> response = get("/geo", CountryTable.GERMANY);

        assertEquals(200, response.statusCode());
        assertEquals(
                "{\"country\":\"DE\",\"currency\":\"EUR\",\"language\":\"de-DE\",\"greeting\":\"Hallo\"}\n",
                response.body());
        assertEquals("EUR", response.headers().firstValue("x-currency").orElseThrow());
        assertEquals("de-DE", response.headers().firstValue("content-language").orElseThrow());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(Optional.empty(), response.headers().firstValue("vary"), "no cache sees the host's own header");
    }

    @Test
    void clientInJapan_getsUtf8Greeting() {
        HttpResponse<String> response = get("/geo", CountryTable.JAPAN);

        assertTrue(response.body().contains("\"currency\":\"JPY\""), response.body());
        assertTrue(response.body().contains("\"greeting\":\"こんにちは\""), response.body());
    }

    @Test
    void clientNotLocated_getsTheFallback() {
        assertEquals(FALLBACK, get("/geo", CountryTable.UNKNOWN).body());
        assertEquals(FALLBACK, get("/geo", CountryTable.NOWHERE_KNOWN).body());
        assertEquals(FALLBACK, host.send(host.request("/geo").build()).body());
        assertEquals(
                "{\"country\":\"ZZ\",\"currency\":\"USD\",\"language\":\"en\",\"greeting\":\"Hello\"}\n",
                get("/geo", CountryTable.UNLISTED_COUNTRY).body());
    }

    @Test
    void clientSendingCountryHeaders_cannotChooseItsCountry() {
        HttpResponse<String> forged = host.send(from("/geo", CountryTable.UNKNOWN)
                .header("x-edge-geo-country", "FR")
                .header("x-client-country", "FR")
                .build());
        HttpResponse<String> forgedOverALocation = host.send(from("/geo", CountryTable.GERMANY)
                .header("x-edge-geo-country", "FR")
                .build());

        assertEquals(200, forged.statusCode());
        assertEquals(FALLBACK, forged.body());
        assertEquals(200, forgedOverALocation.statusCode());
        assertTrue(forgedOverALocation.body().contains("\"country\":\"DE\""), forgedOverALocation.body());
    }

    @Test
    void clientInAConfiguredCountry_isRedirected() {
        HttpResponse<String> response = get("/geo/shop?item=1", CountryTable.FRANCE);

        assertEquals(302, response.statusCode());
        assertEquals("https://example.com/fr/", response.headers().firstValue("location").orElseThrow());
    }

    @Test
    void etag_matchingIfNoneMatch_is304() {
        String etag = get("/geo", CountryTable.BRITAIN).headers().firstValue("etag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);

        HttpResponse<String> again = host.send(from("/geo", CountryTable.BRITAIN).header("if-none-match", etag).build());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        HttpResponse<String> other = host.send(from("/geo", CountryTable.UNITED_STATES).header("if-none-match", etag).build());
        assertEquals(200, other.statusCode());
    }

    @Test
    void countryHeader_namesAProxysHeaderInstead() {
        HttpResponse<String> response = host.send(from("/geo-cdn", CountryTable.GERMANY).header("cf-ipcountry", "BR").build());

        assertTrue(response.body().contains("\"currency\":\"BRL\""), response.body());
        assertEquals("cf-ipcountry", response.headers().firstValue("vary").orElseThrow());
        assertTrue(get("/geo-cdn", CountryTable.GERMANY).body().contains("\"country\":\"unknown\""));
    }

    @Test
    void post_is405() {
        HttpResponse<String> response = host.send(host.request("/geo").POST(HttpRequest.BodyPublishers.ofString("x")).build());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("allow").orElseThrow());
    }
}

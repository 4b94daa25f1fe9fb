package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The C sample {@code geo} on a real host. */
class GeoSampleTest {
    private static final String WASM = "c/geo/geo.wasm";

    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deploy("geo", WASM, Map.of("redirect.FR", "https://example.com/fr/"), "");
        host.deploy("geo-cdn", WASM, Map.of("country_header", "cf-ipcountry"), "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> get(String path, String header, String country) {
        HttpRequest.Builder request = host.request(path);
        if (country != null) {
            request.header(header, country);
        }
        return host.send(request.build());
    }

    @Test
    void germany_getsEurosAndGerman() {
        HttpResponse<String> response = get("/geo", "x-client-country", "de");

        assertEquals(200, response.statusCode());
        assertEquals(
                "{\"country\":\"DE\",\"currency\":\"EUR\",\"language\":\"de-DE\",\"greeting\":\"Hallo\"}\n",
                response.body());
        assertEquals("EUR", response.headers().firstValue("x-currency").orElseThrow());
        assertEquals("de-DE", response.headers().firstValue("content-language").orElseThrow());
        assertEquals("x-client-country", response.headers().firstValue("vary").orElseThrow());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void japan_getsUtf8Greeting() {
        HttpResponse<String> response = get("/geo", "x-client-country", "JP");

        assertTrue(response.body().contains("\"currency\":\"JPY\""), response.body());
        assertTrue(response.body().contains("\"greeting\":\"こんにちは\""), response.body());
    }

    @Test
    void unknownOrMissingCountry_getsTheFallback() {
        String fallback = "{\"country\":\"unknown\",\"currency\":\"USD\",\"language\":\"en\",\"greeting\":\"Hello\"}\n";
        assertEquals(fallback, get("/geo", "x-client-country", null).body());
        assertEquals(fallback, get("/geo", "x-client-country", "D1").body());
        assertEquals(fallback, get("/geo", "x-client-country", "DEU").body());
        assertEquals(
                "{\"country\":\"ZZ\",\"currency\":\"USD\",\"language\":\"en\",\"greeting\":\"Hello\"}\n",
                get("/geo", "x-client-country", "zz").body());
    }

    @Test
    void configuredCountry_isRedirected() {
        HttpResponse<String> response = get("/geo/shop?item=1", "x-client-country", "FR");

        assertEquals(302, response.statusCode());
        assertEquals("https://example.com/fr/", response.headers().firstValue("location").orElseThrow());
    }

    @Test
    void etag_matchingIfNoneMatch_is304() {
        String etag = get("/geo", "x-client-country", "GB").headers().firstValue("etag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);

        HttpResponse<String> again =
                host.send(host.request("/geo").header("x-client-country", "GB").header("if-none-match", etag).build());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        HttpResponse<String> other =
                host.send(host.request("/geo").header("x-client-country", "US").header("if-none-match", etag).build());
        assertEquals(200, other.statusCode());
    }

    @Test
    void countryHeader_isConfigurable() {
        assertTrue(get("/geo-cdn", "cf-ipcountry", "BR").body().contains("\"currency\":\"BRL\""));
        assertTrue(get("/geo-cdn", "x-client-country", "BR").body().contains("\"country\":\"unknown\""));
    }

    @Test
    void post_is405() {
        HttpResponse<String> response = host.send(host.request("/geo").POST(HttpRequest.BodyPublishers.ofString("x")).build());

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("allow").orElseThrow());
    }
}

package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript sample {@code geo} on a real host that locates its clients ({@link CountryTable}), behind a
 * trusted proxy that names the client in {@code x-forwarded-for}, personalising a page a real origin serves.
 */
class JsGeoSampleTest {
    private static final String SCRIPT = "javascript/geo/geo.js";
    private static final String TEMPLATE =
            "<html><body><h1>{{greeting}}!</h1><p>Prices in {{currency}}. {{offer}}</p></body></html>";
    private static final String FALLBACK_PAGE = "<html><body><h1>Hello!</h1><p>Prices in USD. Worldwide shipping</p></body></html>";

    private static SampleOrigin templates;
    private static SampleOrigin plain;
    private static SampleHost host;

    @BeforeAll
    static void start() {
        templates = new SampleOrigin(TEMPLATE, "text/html");
        plain = new SampleOrigin("<html><body><h1>Shop</h1></body></html>", "text/html");
        host = SampleHost.start(false, new CountryTable());
        host.deployScript("geo", SCRIPT, Map.of("origin", templates.origin() + "/pages"), templates.origin());
        host.deployScript("geo-plain", SCRIPT, Map.of("origin", plain.origin()), plain.origin());
    }

    @AfterAll
    static void stop() {
        host.close();
        templates.close();
        plain.close();
    }

    /** A request from the client at {@code address}. */
    private static HttpRequest.Builder from(String path, String address) {
        return host.request(path).header("x-forwarded-for", address);
    }

    private static HttpResponse<String> get(String path, String address) {
        return host.send(from(path, address).build());
    }

    @Test
    void knownCountry_fillsThePlaceholders() {
        HttpResponse<String> response = get("/geo/home", CountryTable.GERMANY);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("<html><body><h1>Hallo!</h1><p>Prices in EUR. Kostenloser Versand ab 50 €</p></body></html>", response.body());
        assertEquals("DE", response.headers().firstValue("content-language").orElseThrow());
        assertEquals("private", response.headers().firstValue("cache-control").orElseThrow());
        assertEquals("/pages/home", templates.received().get(templates.received().size() - 1).uri().getPath());
    }

    @Test
    void unknownCountry_getsTheFallback() {
        HttpResponse<String> unlisted = get("/geo/home", CountryTable.UNLISTED_COUNTRY);
        HttpResponse<String> notLocated = get("/geo/home", CountryTable.UNKNOWN);

        assertTrue(unlisted.body().contains("Hello!") && unlisted.body().contains("USD. Worldwide shipping"), unlisted.body());
        assertEquals(FALLBACK_PAGE, notLocated.body());
        assertEquals("und", notLocated.headers().firstValue("content-language").orElseThrow());
    }

    @Test
    void clientSendingCountryHeaders_cannotChooseItsCountry() {
        HttpResponse<String> forged = host.send(from("/geo/home", CountryTable.UNKNOWN)
                .header("x-client-country", "FR")
                .header("x-edge-geo-country", "FR")
                .build());
        HttpResponse<String> forgedOverALocation = host.send(from("/geo/home", CountryTable.GERMANY)
                .header("x-client-country", "FR")
                .header("x-edge-geo-country", "FR")
                .build());

        assertEquals(200, forged.statusCode(), forged.body());
        assertEquals(FALLBACK_PAGE, forged.body());
        assertEquals("und", forged.headers().firstValue("content-language").orElseThrow());
        assertTrue(forgedOverALocation.body().contains("Hallo!"), forgedOverALocation.body());
        assertEquals("DE", forgedOverALocation.headers().firstValue("content-language").orElseThrow());
    }

    @Test
    void pageWithoutPlaceholders_getsABannerAfterBody() {
        HttpResponse<String> response = get("/geo-plain/", CountryTable.JAPAN);

        assertEquals(
                "<html><body><p class=\"geo\">こんにちは! 5,000円以上で送料無料 (JPY)</p><h1>Shop</h1></body></html>",
                response.body());
    }
}

package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JavaScript sample {@code geo} on a real host, personalising a page a real origin serves. */
class JsGeoSampleTest {
    private static final String SCRIPT = "javascript/geo/geo.js";
    private static final String TEMPLATE =
            "<html><body><h1>{{greeting}}!</h1><p>Prices in {{currency}}. {{offer}}</p></body></html>";

    private static SampleOrigin templates;
    private static SampleOrigin plain;
    private static SampleHost host;

    @BeforeAll
    static void start() {
        templates = new SampleOrigin(TEMPLATE, "text/html");
        plain = new SampleOrigin("<html><body><h1>Shop</h1></body></html>", "text/html");
        host = SampleHost.start(false);
        host.deployScript("geo", SCRIPT, Map.of("origin", templates.origin() + "/pages"), templates.origin());
        host.deployScript("geo-plain", SCRIPT, Map.of("origin", plain.origin()), plain.origin());
    }

    @AfterAll
    static void stop() {
        host.close();
        templates.close();
        plain.close();
    }

    private static HttpResponse<String> get(String path, String country) {
        return host.send(host.request(path).header("x-client-country", country).build());
    }

    @Test
    void knownCountry_fillsThePlaceholders() {
        HttpResponse<String> response = get("/geo/home", "de");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("<html><body><h1>Hallo!</h1><p>Prices in EUR. Kostenloser Versand ab 50 €</p></body></html>", response.body());
        assertEquals("DE", response.headers().firstValue("content-language").orElseThrow());
        assertEquals("x-client-country", response.headers().firstValue("vary").orElseThrow());
        assertEquals("/pages/home", templates.received().get(templates.received().size() - 1).uri().getPath());
    }

    @Test
    void unknownCountry_getsTheFallback() {
        HttpResponse<String> response = get("/geo/home", "ZZ");

        assertTrue(response.body().contains("Hello!") && response.body().contains("USD. Worldwide shipping"), response.body());
    }

    @Test
    void pageWithoutPlaceholders_getsABannerAfterBody() {
        HttpResponse<String> response = get("/geo-plain/", "JP");

        assertEquals(
                "<html><body><p class=\"geo\">こんにちは! 5,000円以上で送料無料 (JPY)</p><h1>Shop</h1></body></html>",
                response.body());
    }
}

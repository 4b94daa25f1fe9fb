package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AssemblyScript sample {@code bot-filter} on a real host, its flags in the real key-value store. */
class BotFilterSampleTest {
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";

    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deploy("bot-filter", "assemblyscript/bot-filter/bot-filter.wasm",
                Map.of("admin-key", "secret", "allowed-agents", "goodbot"), "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> send(String method, String path, String agent, String adminKey, String body) {
        HttpRequest.Builder request = host.request("/bot-filter" + path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("user-agent", agent);
        if (adminKey != null) {
            request.header("x-admin-key", adminKey);
        }
        return host.send(request.build());
    }

    @Test
    void bots_areRefusedUnlessAllowed() {
        assertEquals(403, send("GET", "/", "curl/8.5.0", null, null).statusCode());
        assertEquals(403, send("GET", "/", "Mozilla/5.0 (compatible; SomeCrawler/2.1)", null, null).statusCode());
        assertEquals(403, send("GET", "/", " ", null, null).statusCode());
        assertEquals(200, send("GET", "/", "GoodBot/1.0 (+https://example.com/bot)", null, null).statusCode());
        assertEquals(200, send("GET", "/", BROWSER, null, null).statusCode());
    }

    @Test
    void flags_setListAndDelete_shapeThePage() {
        assertEquals(401, send("PUT", "/flags/new-checkout", BROWSER, null, "on").statusCode());
        assertEquals(401, send("PUT", "/flags/new-checkout", BROWSER, "wrong", "on").statusCode());
        assertEquals("checkout: classic\n", send("GET", "/shop", BROWSER, null, null).body());

        assertEquals("new-checkout on\n", send("PUT", "/flags/new-checkout", BROWSER, "secret", "on").body());
        assertEquals("beta off\n", send("PUT", "/flags/beta", BROWSER, "secret", "off").body());
        assertEquals(400, send("PUT", "/flags/beta", BROWSER, "secret", "maybe").statusCode());

        assertEquals("checkout: new\n", send("GET", "/shop", BROWSER, null, null).body());
        assertEquals("{\"beta\":false,\"new-checkout\":true}\n", send("GET", "/flags", BROWSER, null, null).body());

        assertEquals(204, send("DELETE", "/flags/new-checkout", BROWSER, "secret", null).statusCode());
        assertEquals(404, send("DELETE", "/flags/new-checkout", BROWSER, "secret", null).statusCode());
        assertEquals("checkout: classic\n", send("GET", "/shop", BROWSER, null, null).body());
        assertEquals("{\"beta\":false}\n", send("GET", "/flags", BROWSER, null, null).body());
    }
}

package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AssemblyScript sample {@code ab-test} on a real host. */
class AbTestSampleTest {
    private static final String WASM = "assemblyscript/ab-test/ab-test.wasm";

    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deploy("ab-test", WASM, Map.of(), "");
        host.deploy("ab-all-b", WASM, Map.of("weight-b", "100"), "");
        host.deploy("ab-all-a", WASM, Map.of("weight-b", "0"), "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> visit(String function, String cookie) {
        HttpRequest.Builder request = host.request("/" + function);
        if (cookie != null) {
            request.header("cookie", cookie);
        }
        return host.send(request.build());
    }

    @Test
    void newVisitor_isAssignedAndGetsTheStickyCookie() {
        HttpResponse<String> response = visit("ab-test", null);

        assertEquals(200, response.statusCode());
        String variant = response.headers().firstValue("x-ab-variant").orElseThrow();
        assertTrue(variant.equals("A") || variant.equals("B"), variant);
        assertEquals("{\"variant\":\"" + variant + "\",\"new\":true}\n", response.body());
        assertEquals(List.of("ab_variant=" + variant + "; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"),
                response.headers().allValues("set-cookie"));
    }

    @Test
    void returningVisitor_keepsTheVariantOfTheCookie() {
        HttpResponse<String> response = visit("ab-all-a", "theme=dark; ab_variant=B");

        assertEquals("{\"variant\":\"B\",\"new\":false}\n", response.body());
        assertEquals(List.of(), response.headers().allValues("set-cookie"));
    }

    @Test
    void weights_ofAHundredAndZero_assignOneVariantOnly() {
        for (int i = 0; i < 10; i++) {
            assertEquals("B", visit("ab-all-b", null).headers().firstValue("x-ab-variant").orElseThrow());
            assertEquals("A", visit("ab-all-a", null).headers().firstValue("x-ab-variant").orElseThrow());
        }
    }

    @Test
    void evenWeight_splitsNewVisitorsRoughlyInHalf() {
        int b = 0;
        int visitors = 200;
        for (int i = 0; i < visitors; i++) {
            b += visit("ab-test", null).headers().firstValue("x-ab-variant").orElseThrow().equals("B") ? 1 : 0;
        }
        // Binomial(200, 0.5) has a standard deviation of about 7; 60..140 is more than 5 of them.
        int variantB = b;
        assertTrue(variantB >= 60 && variantB <= 140, () -> variantB + " of " + visitors + " got B");
    }
}

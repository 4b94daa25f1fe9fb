package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JavaScript sample {@code ab-test} on a real host: assignment, the sticky cookie, the split, variant origins. */
class JsAbTestSampleTest {
    private static final String SCRIPT = "javascript/ab-test/ab-test.js";

    private static SampleOrigin originB;
    private static SampleHost host;

    @BeforeAll
    static void start() {
        originB = new SampleOrigin("<h1>new design</h1>", "text/html");
        host = SampleHost.start(false);
        host.deployScript("ab", SCRIPT, Map.of(), "");
        host.deployScript("all-b", SCRIPT, Map.of("b-percent", "100", "origin-b", originB.origin() + "/b"), originB.origin());
    }

    @AfterAll
    static void stop() {
        host.close();
        originB.close();
    }

    @Test
    void firstVisit_assignsAVariantAndSetsTheCookie() {
        HttpResponse<String> response = host.send(host.request("/ab/").build());

        assertEquals(200, response.statusCode());
        String variant = response.headers().firstValue("x-variant").orElseThrow();
        assertTrue(variant.equals("a") || variant.equals("b"), variant);
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.startsWith("ab=" + variant + "; Path=/; Max-Age=2592000"), cookie);
        assertTrue(response.body().contains("variant " + variant.toUpperCase()), response.body());
    }

    @Test
    void cookieSent_keepsTheVariantAndSetsNoCookie() {
        for (String variant : new String[] {"a", "b"}) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = host.send(host.request("/ab/").header("cookie", "theme=dark; ab=" + variant).build());

                assertEquals(variant, response.headers().firstValue("x-variant").orElseThrow());
                assertTrue(response.headers().firstValue("set-cookie").isEmpty());
            }
        }
    }

    @Test
    void newVisitors_seeBothVariants() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 40 && seen.size() < 2; i++) {
            seen.add(host.send(host.request("/ab/").build()).headers().firstValue("x-variant").orElseThrow());
        }

        assertEquals(Set.of("a", "b"), seen, "a 50 % split assigns both variants in 40 visits");
    }

    @Test
    void variantWithOrigin_isFetchedFromIt() {
        HttpResponse<String> response = host.send(host.request("/all-b/landing").build());

        assertEquals("b", response.headers().firstValue("x-variant").orElseThrow());
        assertEquals("<h1>new design</h1>", response.body());
        assertEquals("/b/landing", originB.received().get(originB.received().size() - 1).uri().getPath());
    }
}

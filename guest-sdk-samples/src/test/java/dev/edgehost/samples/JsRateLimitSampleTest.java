package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JavaScript sample {@code rate-limit} on a real host, counting with {@code env.KV.increment}. */
class JsRateLimitSampleTest {
    private static final String SCRIPT = "javascript/rate-limit/rate-limit.js";

    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deployScript("limited", SCRIPT, Map.of("limit", "3", "window-seconds", "3600"), "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> get(String client) {
        return host.send(host.request("/limited/api").header("x-client-id", client).build());
    }

    @Test
    void overTheLimit_is429WithRetryAfter() {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> allowed = get("alice");
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals(String.valueOf(3 - i), allowed.headers().firstValue("x-ratelimit-remaining").orElseThrow());
        }

        HttpResponse<String> refused = get("alice");

        assertEquals(429, refused.statusCode());
        assertTrue(refused.body().contains("\"error\":\"rate_limited\""), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 3600, String.valueOf(retryAfter));
    }

    @Test
    void clients_areCountedApart() {
        for (int i = 0; i < 3; i++) {
            get("bob");
        }
        assertEquals(429, get("bob").statusCode());

        assertEquals(200, get("carol").statusCode());
    }
}

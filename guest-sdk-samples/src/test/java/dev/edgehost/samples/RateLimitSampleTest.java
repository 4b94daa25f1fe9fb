package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Rust sample {@code rate-limit} on a real host. */
class RateLimitSampleTest {
    /** A day, so that no test run crosses a window's end. */
    private static final String WINDOW_SECONDS = "86400";

    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deploy("rate-limit", "rust/rate-limit/rate-limit.wasm", Map.of("limit", "3", "window-seconds", WINDOW_SECONDS), "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> call(String header, String value) {
        HttpRequest.Builder request = host.request("/rate-limit/anything");
        if (header != null) {
            request.header(header, value);
        }
        return host.send(request.build());
    }

    @Test
    void client_withinTheLimit_isCountedExactlyThenRefusedWithRetryAfter() {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> response = call("x-client-id", "alice");
            assertEquals(200, response.statusCode());
            assertEquals("ok: request " + i + " of 3\n", response.body());
            assertEquals(String.valueOf(3 - i), response.headers().firstValue("x-ratelimit-remaining").orElseThrow());
            assertEquals("3", response.headers().firstValue("x-ratelimit-limit").orElseThrow());
        }

        HttpResponse<String> refused = call("x-client-id", "alice");

        assertEquals(429, refused.statusCode());
        assertEquals("rate limit exceeded\n", refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= Long.parseLong(WINDOW_SECONDS), () -> "retry-after " + retryAfter);
        assertEquals("0", refused.headers().firstValue("x-ratelimit-remaining").orElseThrow());
    }

    @Test
    void otherClients_haveTheirOwnCount() {
        assertEquals("ok: request 1 of 3\n", call("x-client-id", "bob").body());
        assertEquals("ok: request 1 of 3\n", call("x-forwarded-for", "203.0.113.9, 10.0.0.1").body());
        assertEquals("ok: request 2 of 3\n", call("x-forwarded-for", "203.0.113.9").body());
        assertEquals("ok: request 1 of 3\n", call(null, null).body());
    }
}

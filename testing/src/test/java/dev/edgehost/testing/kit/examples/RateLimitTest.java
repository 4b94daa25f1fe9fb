package dev.edgehost.testing.kit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.kit.EdgeTest;
import dev.edgehost.testing.kit.Samples;
import dev.edgehost.testing.kit.TestEdge;
import dev.edgehost.testing.kit.TestFunction;
import dev.edgehost.testing.kit.TestResponse;
import org.junit.jupiter.api.Test;

/** Testing a Rust function's key-value use, the rate-limit sample: the store is seeded, then read. */
@EdgeTest
class RateLimitTest {

    @Test
    void clientAtItsLimit_is429(TestEdge edge) {
        TestFunction limiter = edge.deploy("rate-limit", Samples.module("rust/rate-limit/rate-limit.wasm"),
                settings -> settings.config("limit", "3").config("window-seconds", "3600"));
        long slot = System.currentTimeMillis() / 1000 / 3600;
        limiter.kv().put("rate:me:" + slot, "3");

        TestResponse response = limiter.request("GET", "/").header("x-client-id", "me").send();

        assertEquals(429, response.status(), response.toString());
        assertEquals("0", response.header("x-ratelimit-remaining"));
        assertTrue(Long.parseLong(response.header("retry-after")) > 0);
        assertEquals("4", limiter.kv().get("rate:me:" + slot), "the refused request was counted too");
    }

    @Test
    void newClient_isCountedFromOne_andUsesLittleFuel(TestEdge edge) {
        TestFunction limiter = edge.deploy("rate-limit", Samples.module("rust/rate-limit/rate-limit.wasm"));

        TestResponse response = limiter.request("GET", "/").header("x-client-id", "new").send();

        assertEquals("ok: request 1 of 5\n", response.text());
        assertTrue(response.fuel() < 1_000_000, "fuel: " + response.fuel());
        assertEquals(1, limiter.kv().keys().size());
    }
}

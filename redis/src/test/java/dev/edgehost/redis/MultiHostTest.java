package dev.edgehost.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.RedisServerExtension;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hosts on one Redis serve the same functions and share key-value data. */
class MultiHostTest {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.shared();

    /** Waits up to a second, the promise for a deploy to reach every host. */
    private static void awaitWithinASecond(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within a second: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void deployOnOneHost_servesOnTheOtherWithinASecondAndSharesState() throws Exception {
        redis.flush();
        try (TestHost first = TestHost.start(null, builder -> builder.redis(redis.uri()));
                TestHost second = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            first.deployOrFail("counter", TestHost.sample("kv-counter"), "");
            awaitWithinASecond(() -> second.get("/counter").statusCode() == 200, "the deploy reaches the second host");

            HttpResponse<String> onFirst = first.get("/counter");
            HttpResponse<String> onSecond = second.get("/counter");
            assertEquals(Integer.parseInt(onFirst.body()) + 1, Integer.parseInt(onSecond.body()), "one count for both");

            second.deployOrFail("counter", TestHost.sample("hello"), "");
            awaitWithinASecond(() -> first.get("/counter").body().startsWith("Hello"), "the redeploy reaches the first host");

            first.admin("DELETE", "/functions/counter");
            awaitWithinASecond(() -> second.get("/counter").statusCode() == 404, "the delete reaches the second host");
        }
    }

    @Test
    void scriptDeployedOnOneHost_isServedAsAScriptByTheOther() throws Exception {
        redis.flush();
        try (TestHost first = TestHost.start(null, builder -> builder.redis(redis.uri()));
                TestHost second = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            first.deployScriptOrFail(
                    "js-counter", "export default { async fetch(request, env) { return new Response(String(await env.KV.increment('n'))); } };", "");

            // The other host loads the script in its own engine, which takes longer than a module's compile.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (second.get("/js-counter").statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the script did not reach the second host within 60 s");
                }
                Thread.sleep(50);
            }
            assertEquals(Integer.parseInt(first.get("/js-counter").body()) + 1, Integer.parseInt(second.get("/js-counter").body()));
            assertEquals("javascript", TestHost.json(second.admin("GET", "/functions/js-counter")).path("kind").asText());
        }
    }

    @Test
    void restart_hostOnRedis_servesWhatRedisHolds() {
        redis.flush();
        try (TestHost host = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            host.deployOrFail("counter", TestHost.sample("kv-counter"), "config.x=1");
            assertEquals("1", host.get("/counter").body());
        }
        try (TestHost host = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            assertEquals("2", host.get("/counter").body());
            assertEquals("1", TestHost.json(host.admin("GET", "/functions/counter")).path("config").path("x").asText());
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key-value guests over real HTTP on the embedded store: counts, isolation, sharing, limits, restarts. */
class KvServingTest {

    private static String count(TestHost host, String function) {
        HttpResponse<String> response = host.get("/" + function);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void counter_countsAndSurvivesARestart(@TempDir Path dataDir) {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("counter", TestHost.sample("kv-counter"), "");
            assertEquals("1", count(host, "counter"));
            assertEquals("2", count(host, "counter"));
        }
        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals("3", count(host, "counter"));
        }
    }

    @Test
    void counter_parallelRequests_countExactly() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(8))) {
            host.deployOrFail("counter", TestHost.sample("kv-counter"), "");
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<String>> answers = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> count(host, "counter"), clients));
                }
                Set<Integer> counts = new TreeSet<>();
                for (CompletableFuture<String> answer : answers) {
                    counts.add(Integer.parseInt(answer.get()));
                }
                assertEquals(80, counts.size(), "every request saw its own count");
                assertEquals("81", count(host, "counter"));
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void namespaces_eachFunctionHasItsOwnUnlessBoundToASharedStore() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("one", TestHost.sample("kv-counter"), "");
            host.deployOrFail("two", TestHost.sample("kv-counter"), "");
            host.deployOrFail("shared-a", TestHost.sample("kv-counter"), "kv-store=team");
            host.deployOrFail("shared-b", TestHost.sample("kv-counter"), "kv-store=team");

            assertEquals("1", count(host, "one"));
            assertEquals("2", count(host, "one"));
            assertEquals("1", count(host, "two"));
            assertEquals("1", count(host, "shared-a"));
            assertEquals("2", count(host, "shared-b"));
        }
    }

    @Test
    void limits_operationsPerRequest_areEnforced() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("counter", TestHost.sample("kv-counter"), "kv-max-operations=0");

            HttpResponse<String> response = host.get("/counter");

            assertEquals(500, response.statusCode());
            assertEquals("kv error -3", response.body());
        }
    }

    @Test
    void rateLimiter_answers429WithRetryAfterPastTheLimit() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("limited", TestHost.sample("rate-limiter"), "config.limit=2");

            long windowBefore = System.currentTimeMillis() / 60_000;
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 3; i++) {
                last = host.send(HttpRequest.newBuilder(host.uri("/limited")).header("x-client", "alice").build());
                statuses.add(last.statusCode());
            }
            HttpResponse<String> other = host.send(HttpRequest.newBuilder(host.uri("/limited")).header("x-client", "bob").build());
            boolean oneWindow = System.currentTimeMillis() / 60_000 == windowBefore;

            // Across a window boundary the count starts over, and the test cannot tell what to expect.
            Assumptions.assumeTrue(oneWindow, "the requests straddled a rate-limit window");
            assertEquals(List.of(200, 200, 429), statuses);
            int retryAfter = Integer.parseInt(last.headers().firstValue("retry-after").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry-after " + retryAfter);
            assertEquals("rate limited", last.body());
            assertEquals(200, other.statusCode());
            assertEquals("1", other.headers().firstValue("x-ratelimit-remaining").orElseThrow());
        }
    }

    @Test
    void adminApi_readsWritesListsAndDeletesAFunctionsKeys() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("counter", TestHost.sample("kv-counter"), "");
            count(host, "counter");

            HttpResponse<String> put =
                    host.send(HttpRequest.newBuilder(host.adminUri("/functions/counter/kv/greeting%20one?ttl=60"))
                            .PUT(HttpRequest.BodyPublishers.ofString("hello"))
                            .build());
            assertEquals(204, put.statusCode(), put.body());
            assertEquals("hello", host.admin("GET", "/functions/counter/kv/greeting%20one").body());
            JsonNode listed = TestHost.json(host.admin("GET", "/functions/counter/kv"));
            assertEquals("[\"greeting one\",\"visits\"]", listed.path("keys").toString());
            assertEquals("1", host.admin("GET", "/functions/counter/kv/visits").body());
            assertEquals(204, host.admin("DELETE", "/functions/counter/kv/visits").statusCode());
            assertEquals(404, host.admin("GET", "/functions/counter/kv/visits").statusCode());
            assertEquals(404, host.admin("DELETE", "/functions/counter/kv/visits").statusCode());
            assertEquals("1", count(host, "counter"), "the count started over");
            assertEquals(404, host.admin("GET", "/functions/nobody/kv").statusCode());
            assertEquals(400, host.admin("GET", "/functions/counter/kv?limit=0").statusCode());
            HttpResponse<String> tooLarge =
                    host.send(HttpRequest.newBuilder(host.adminUri("/functions/counter/kv/big"))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 1]))
                            .build());
            assertEquals(400, tooLarge.statusCode(), tooLarge.body());
            assertEquals("bad_request", TestHost.errorCode(tooLarge));
            assertEquals(404, host.admin("GET", "/functions/counter/kv/big").statusCode(), "nothing was stored");
        }
    }
}

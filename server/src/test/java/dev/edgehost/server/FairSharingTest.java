package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.TestGuests;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Functions sharing the workers on a real server: max-concurrency, the penalty box, and a light function beside loops. */
class FairSharingTest {
    private static CompletableFuture<HttpResponse<String>> getAsync(TestHost host, String path) {
        return host.client().sendAsync(HttpRequest.newBuilder(host.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A gauge of {@code /metrics}, as Prometheus reads it. */
    private static double gauge(TestHost host, String name) {
        for (String line : host.admin("GET", "/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no gauge " + name);
    }

    /** Waits until a gauge is at least a value. */
    private static void awaitGauge(TestHost host, String name, int value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gauge(host, name) < value && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(gauge(host, name) >= value, name);
    }

    private static void awaitQueued(TestHost host, int queued) throws InterruptedException {
        awaitGauge(host, "edge_requests_queued", queued);
        assertEquals(queued, gauge(host, "edge_requests_queued"));
    }

    @Test
    void maxConcurrency_pastItAndTheQueueShare_isRefusedWithRetryAfter_whileOtherFunctionsAreServed() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(4).queueSize(4))) {
            host.deployOrFail("loop", TestHost.sample("loop"), "max-concurrency=1&timeout-ms=1500&fuel=1000000000000000");
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
            admitted.add(getAsync(host, "/loop"));
            for (int waiting = 1; waiting <= 3; waiting++) {
                admitted.add(getAsync(host, "/loop"));
                awaitQueued(host, waiting);
            }

            HttpResponse<String> refused = host.get("/loop");
            HttpResponse<String> hello = host.get("/hello");

            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("function_overloaded", TestHost.errorCode(refused));
            assertEquals("1", refused.headers().firstValue("retry-after").orElse(""));
            assertEquals(200, hello.statusCode(), "one function at its limit leaves the others served");
            for (CompletableFuture<HttpResponse<String>> request : admitted) {
                assertEquals(504, request.get(30, TimeUnit.SECONDS).statusCode(), "admitted requests run, one at a time");
            }
        }
    }

    @Test
    void requestsThatKeepTimingOut_throttleTheFunction_visibleInItsJsonAndTheMetrics() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(4))) {
            host.deployOrFail("loop", TestHost.sample("loop"), "timeout-ms=50");
            for (int i = 0; i < 3; i++) {
                assertEquals(504, host.get("/loop").statusCode());
            }

            assertTrue(TestHost.json(host.admin("GET", "/functions/loop")).path("throttled").asBoolean());
            assertTrue(host.admin("GET", "/metrics").body().contains("edge_functions_throttled 1.0"));
            // The same function with a longer deadline, so that its requests are seen running and waiting.
            host.deployOrFail("loop", TestHost.sample("loop"), "timeout-ms=2000&fuel=1000000000000000");
            CompletableFuture<HttpResponse<String>> running = getAsync(host, "/loop");
            CompletableFuture<HttpResponse<String>> waiting = getAsync(host, "/loop");
            awaitQueued(host, 1);
            HttpResponse<String> refused = host.get("/loop");
            assertEquals("function_overloaded", TestHost.errorCode(refused), "one running and one waiting at most");
            assertEquals(504, running.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(504, waiting.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void requestsThatKeepTrappingAtTheirMemoryCap_throttleTheFunction_visibleInItsJsonAndTheMetrics() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(4))) {
            host.deployOrFail("memory-hog", TestHost.sample("memory-hog"), "memory-pages=4");
            for (int i = 0; i < 3; i++) {
                assertEquals(500, host.get("/memory-hog").statusCode());
            }

            assertTrue(TestHost.json(host.admin("GET", "/functions/memory-hog")).path("throttled").asBoolean());
            assertTrue(host.admin("GET", "/metrics").body().contains("edge_functions_throttled 1.0"));
        }
    }

    @Test
    void requestsThatKeepExhaustingTheCallStack_throttleTheFunction() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(4))) {
            host.deployOrFail("recursion", TestHost.sample("recursion"), "");
            for (int i = 0; i < 3; i++) {
                assertEquals(500, host.get("/recursion").statusCode());
            }

            assertTrue(TestHost.json(host.admin("GET", "/functions/recursion")).path("throttled").asBoolean());
        }
    }

    @Test
    void requestsThatTrapOfTheirOwn_doNotThrottleTheFunction() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(4))) {
            host.deployOrFail("broken", TestGuests.wat("(module (memory (export \"memory\") 1) (func (export \"handle\") unreachable))"), "");
            for (int i = 0; i < 5; i++) {
                assertEquals(500, host.get("/broken").statusCode());
            }

            assertFalse(TestHost.json(host.admin("GET", "/functions/broken")).path("throttled").asBoolean(),
                    "a bug is not a limit: only traps at the memory cap or the call stack's limit count");
        }
    }

    @Test
    void heavyGuests_whileALightFunctionRuns_runOnOneWorkerFewerThanTheCores() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        try (TestHost host = TestHost.start(null, builder -> builder.workers(8).queueSize(64))) {
            host.deployOrFail("spin", TestGuests.slowGuest("sp", 50_000_000), "timeout-ms=20000&fuel=" + FunctionLimits.MAX_FUEL);
            host.deployOrFail("steady", TestGuests.slowGuest("st", 2_000_000), "timeout-ms=20000&fuel=" + FunctionLimits.MAX_FUEL);
            assertEquals(200, host.get("/spin").statusCode());
            assertEquals(200, host.get("/steady").statusCode());
            AtomicBoolean calling = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(10);
            try {
                // The light function's clients first: heavy requests started before it was active may run on.
                for (int i = 0; i < 10; i++) {
                    String path = i < 2 ? "/steady" : "/spin";
                    clients.execute(() -> {
                        while (calling.get()) {
                            host.get(path);
                        }
                    });
                    Thread.sleep(i == 1 ? 500 : 0);
                }
                Thread.sleep(500);
                int samples = 200;
                int within = 0;
                for (int i = 0; i < samples; i++) {
                    // Light requests, and heavy ones on at most one core fewer than there are (at most
                    // half the eight workers, which are kept for light functions).
                    within += gauge(host, "edge_workers_busy") <= 2 + Math.min(Math.max(1, cores - 1), 4) ? 1 : 0;
                    Thread.sleep(10);
                }
                // Not every sample: the light function's clients may come late on a loaded machine, and
                // then the heavy one may take the workers for its requests' length.
                assertTrue(within >= samples * 3 / 4, within + " of " + samples + " samples within the core rule");
            } finally {
                calling.set(false);
                clients.shutdown();
                assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void hello_besideClientsHammeringLoops_findsAWorkerAtOnce() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(4).queueSize(64))) {
            host.deployOrFail("loop", TestHost.sample("loop"), "timeout-ms=300");
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            assertEquals(200, host.get("/hello").statusCode());
            AtomicBoolean attacking = new AtomicBoolean(true);
            ExecutorService attackers = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 8; i++) {
                attackers.execute(() -> {
                    while (attacking.get()) {
                        host.get("/loop");
                    }
                });
            }
            try {
                awaitGauge(host, "edge_workers_busy", 1);
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> hello = host.get("/hello");
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    assertEquals(200, hello.statusCode(), hello.body());
                }
                millis.sort(null);
                // First come first served, hello waited behind the loops' 300 ms requests; now it goes first.
                assertTrue(millis.get(millis.size() / 2) < 200, "hello's median latency beside the loops: " + millis);
            } finally {
                attacking.set(false);
                attackers.shutdown();
                assertTrue(attackers.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
    }
}

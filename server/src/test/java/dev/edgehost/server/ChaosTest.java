package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.TestOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of hostile guest at once, for a few seconds, beside well-behaved functions: infinite
 * loops, memory hogs, deep recursion, huge responses, header floods, key-value floods, fetch
 * storms and clients trickling their request bodies. The well-behaved functions answer every
 * request, each hostile one gets its own error or its limit, and afterwards the host's threads and
 * heap are back where they were.
 */
class ChaosTest {
    private static final long CHAOS_MILLIS = 6_000;
    private static final int SLOW_BODY_CLIENTS = 4;
    /** Heap the host may keep beyond its warmed-up baseline: caches and pools, not a leak per request. */
    private static final long HEAP_SLACK_BYTES = 64L << 20;

    @Test
    void everyHostileKind_atOnce_wellBehavedAnswerAndNothingLeaks(@TempDir Path dataDir) throws Exception {
        // A data dir, so that what the key-value flood stores is on disk, as in production.
        try (TestOrigin origin = TestOrigin.start().route("/ok", TestOrigin.answer(200, "ok"));
                TestHost host = TestHost.start(dataDir, builder -> builder.workers(6))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            host.deployOrFail("kv-counter", TestHost.sample("kv-counter"), "");
            host.deployOrFail("echo", TestHost.sample("echo"), "");
            Map<String, Integer> hostile =
                    Map.of(
                            "/loop", 504,
                            "/hog", 500,
                            "/recursion", 500,
                            "/huge-response", 200,
                            "/header-flood", 200,
                            "/kv-flood", 200,
                            "/fetch-storm", 200);
            host.deployOrFail("loop", TestHost.sample("loop"), "timeout-ms=300&fuel=" + FunctionLimits.MAX_FUEL);
            host.deployOrFail("hog", TestHost.sample("memory-hog"), "memory-pages=256");
            host.deployOrFail("recursion", TestHost.sample("recursion"), "");
            host.deployOrFail("huge-response", TestHost.sample("huge-response"), "max-response-body=1048576");
            host.deployOrFail("header-flood", TestHost.sample("header-flood"), "");
            host.deployOrFail("kv-flood", TestHost.sample("kv-flood"), "");
            host.deployOrFail("fetch-storm", TestHost.sample("fetch-storm"),
                    "config.url=" + origin.origin() + "/ok&fetch-allow=" + origin.origin());

            // One round of everything first, so that compiled code, pools and clients are warm
            // when the baseline is taken.
            for (String path : hostile.keySet()) {
                assertEquals(hostile.get(path), host.get(path).statusCode(), path);
            }
            assertEquals(200, host.get("/hello").statusCode());
            Set<String> threadsBefore = hostThreads();
            long heapBefore = usedHeapAfterGc();

            AtomicBoolean running = new AtomicBoolean(true);
            Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(hostile.size() + SLOW_BODY_CLIENTS);
            List<Integer> wellBehaved = new ArrayList<>();
            try {
                List<Future<?>> clientTasks = new ArrayList<>();
                for (Map.Entry<String, Integer> guest : hostile.entrySet()) {
                    clientTasks.add(clients.submit(() -> {
                        while (running.get()) {
                            int status = host.get(guest.getKey()).statusCode();
                            if (status != guest.getValue()) {
                                unexpected.computeIfAbsent(guest.getKey() + " " + status, key -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    }));
                }
                for (int i = 0; i < SLOW_BODY_CLIENTS; i++) {
                    clientTasks.add(clients.submit(() -> trickleBody(host.server().port(), running)));
                }
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHAOS_MILLIS);
                while (System.nanoTime() < end) {
                    HttpResponse<String> hello = host.get("/hello");
                    wellBehaved.add(hello.body().equals("Hello from the edge!\n") ? hello.statusCode() : -1);
                    wellBehaved.add(host.get("/kv-counter").statusCode());
                }
                running.set(false);
                for (Future<?> client : clientTasks) {
                    client.get(30, TimeUnit.SECONDS);
                }
            } finally {
                running.set(false);
                clients.shutdownNow();
                assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
            }

            long served = wellBehaved.stream().filter(status -> status == 200).count();
            assertTrue(served >= 0.999 * wellBehaved.size(),
                    () -> "well-behaved functions answered " + served + " of " + wellBehaved.size() + ": " + wellBehaved);
            assertTrue(wellBehaved.size() > 20, () -> "too few well-behaved requests ran: " + wellBehaved.size());
            assertEquals(Map.of(), Map.copyOf(unexpected), "hostile guests answered other than their limit's status");

            Set<String> threadsAfter = hostThreads();
            assertTrue(threadsAfter.size() <= threadsBefore.size(),
                    () -> "host threads grew from " + threadsBefore + " to " + threadsAfter);
            long heapAfter = usedHeapAfterGc();
            assertTrue(heapAfter <= heapBefore + HEAP_SLACK_BYTES,
                    () -> "heap grew from " + (heapBefore >> 20) + " MiB to " + (heapAfter >> 20) + " MiB");
        }
    }

    /**
     * Sends a request whose declared body never fully arrives, a byte every 50 ms, until told to
     * stop; the host must neither hold a worker for it nor fail other requests.
     */
    private static void trickleBody(int port, AtomicBoolean running) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (running.get()) {
                out.write('x');
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException e) {
            // The host may close a connection it no longer wants; the trickle ends there.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Threads of this JVM other than the JDK HTTP client's, which the test itself starts, and
     * Undertow's task threads, a pool that grows on demand up to its fixed size and shrinks when idle,
     * and the host's carriers beyond its workers, started on demand while guests wait on fetches
     * and key-value calls, up to twice {@code --carriers}, a bound of their own.
     */
    private static Set<String> hostThreads() {
        settle();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> !name.startsWith("HttpClient") && !name.matches("XNIO-\\d+ task-\\d+") && !name.startsWith("edge-carrier-"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            settle();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void settle() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

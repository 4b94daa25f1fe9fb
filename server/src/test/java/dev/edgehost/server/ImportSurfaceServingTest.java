package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HostImport;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.ImportSurfaceGuests;
import dev.edgehost.testing.ImportSurfaceGuests.Guest;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every host import called with random and extreme arguments through a real server: every
 * request is answered within five times its 1 s deadline with the guest's response or a guest's
 * failure (never {@code internal_error}), the heap stays bounded and another function keeps
 * answering. {@code -Dedge.surface.seeds=N} (from {@code -Dedge.surface.seed}) runs longer.
 */
class ImportSurfaceServingTest {
    private static final long DEADLINE_MS = 1_000;
    /**
     * A host call the deadline failed to stop runs until the case's five-minute wait; five times
     * the deadline leaves room for a request queued behind others on a loaded two-core machine,
     * where twice the deadline was crossed by requests that were stopped in time.
     */
    private static final long ANSWERED_WITHIN_MS = 5 * DEADLINE_MS;
    private static final Set<String> GUEST_OUTCOMES = Set.of("trap", "guest_exit", "fuel_exhausted", "timeout");
    private static final int CLIENTS = 3;

    @Test
    void everyImport_hostileArgumentsOverHttp_answeredInTimeWhileTheHostKeepsServing() throws Exception {
        long heapBefore = usedHeapAfterGc();
        try (TestHost host = TestHost.start(null, builder -> builder.workers(CLIENTS + 1))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong slowestHello = new AtomicLong();
            ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
            try {
                Future<?> prober = threads.submit(() -> probe(host, running, slowestHello));
                long first = Long.getLong("edge.surface.seed", 1);
                int seeds = Integer.getInteger("edge.surface.seeds", 1);
                for (long seed = first; seed < first + seeds; seed++) {
                    runSeed(host, threads, seed);
                }
                running.set(false);
                prober.get(30, TimeUnit.SECONDS);
            } finally {
                running.set(false);
                threads.shutdownNow();
            }
            assertTrue(slowestHello.get() < ANSWERED_WITHIN_MS, "hello answered after " + slowestHello + " ms");
            long growth = usedHeapAfterGc() - heapBefore;
            assertTrue(growth < 256L << 20, "the heap grew by " + (growth >> 20) + " MiB");
        }
    }

    private static void runSeed(TestHost host, ExecutorService threads, long seed) throws Exception {
        Guest guest = ImportSurfaceGuests.guest(seed, 1);
        String engine = seed % 2 != 0 ? "compiler" : "interpreter";
        host.deployOrFail(
                "surface", guest.wasm(), "engine=" + engine + "&fuel=300000&timeout-ms=" + DEADLINE_MS + "&kv-max-value-bytes=65536&config.greeting=hello");
        List<Future<String>> outcomes = new ArrayList<>();
        for (int index = 0; index < guest.cases().size(); index++) {
            int chosen = index;
            outcomes.add(threads.submit(() -> runCase(host, guest, seed, chosen)));
        }
        for (Future<String> outcome : outcomes) {
            String failure = outcome.get(5, TimeUnit.MINUTES);
            assertEquals("", failure, failure);
        }
    }

    /**
     * Sends one case; what went wrong, or an empty string. Cases that run out of fuel or time put
     * the function in the penalty box, which refuses what does not fit (one running, one waiting)
     * with {@code function_overloaded}: such a case is sent again until it runs.
     */
    private static String runCase(TestHost host, Guest guest, long seed, int index) throws InterruptedException {
        if (guest.cases().get(index).startsWith(Abi.IMPORT_MODULE + "." + HostImport.RESP_FLUSH.importName() + " ")) {
            return runFlushingCase(host, guest, seed, index);
        }
        long start;
        HttpResponse<String> response;
        do {
            start = System.nanoTime();
            response = host.send(
                    HttpRequest.newBuilder(host.uri("/surface")).POST(HttpRequest.BodyPublishers.ofByteArray(Guest.body(index))).build());
            if (response.statusCode() == 503 && "function_overloaded".equals(TestHost.errorCode(response))) {
                Thread.sleep(20);
            }
        } while (response.statusCode() == 503 && "function_overloaded".equals(TestHost.errorCode(response)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String where = "seed " + seed + ", case " + index + " (" + guest.cases().get(index) + "): ";
        if (millis >= ANSWERED_WITHIN_MS) {
            return where + "answered after " + millis + " ms";
        }
        if (response.statusCode() != 200 && !GUEST_OUTCOMES.contains(TestHost.errorCode(response))) {
            return where + response.statusCode() + " " + response.body();
        }
        return "";
    }

    /**
     * The case that calls {@code resp_flush} in its loop until fuel or time runs out: the client
     * gets the flushed status, then the cut that a failure after a flush is (ABI spec §5.6).
     */
    private static String runFlushingCase(TestHost host, Guest guest, long seed, int index) throws InterruptedException {
        String where = "seed " + seed + ", case " + index + " (" + guest.cases().get(index) + "): ";
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response =
                    host.client().send(
                            HttpRequest.newBuilder(host.uri("/surface")).POST(HttpRequest.BodyPublishers.ofByteArray(Guest.body(index))).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return where + "no response: " + e;
        }
        try (InputStream body = response.body()) {
            body.readAllBytes();
            if (response.statusCode() != 503) {
                return where + "answered " + response.statusCode() + " whole, expected a cut";
            }
            // Refused by the penalty box before it ran: sent again until it runs.
            Thread.sleep(20);
            return runFlushingCase(host, guest, seed, index);
        } catch (IOException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return millis >= ANSWERED_WITHIN_MS ? where + "cut after " + millis + " ms" : "";
        }
    }

    private static void probe(TestHost host, AtomicBoolean running, AtomicLong slowest) {
        while (running.get()) {
            long start = System.nanoTime();
            if (host.get("/hello").statusCode() != 200) {
                slowest.set(Long.MAX_VALUE);
            }
            slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

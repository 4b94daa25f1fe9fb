package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.testing.ImportSurfaceGuests;
import dev.edgehost.testing.ImportSurfaceGuests.Guest;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every host import, of the ABI and of WASI, called with random and extreme arguments in a loop
 * under a small fuel budget and a 1 s deadline: every request ends within twice its deadline and
 * never as a host failure, the host's heap stays bounded, and another function keeps answering
 * meanwhile. A build runs {@value #DEFAULT_SEEDS} seed, on the compiler, in a few seconds;
 * {@code -Dedge.surface.seeds=N} runs N from {@code -Dedge.surface.seed} (default 1), odd seeds
 * on the compiler and even ones on the interpreter, for as long as that takes.
 */
class ImportSurfacePropertyTest {
    static final int DEFAULT_SEEDS = 1;
    static final Duration DEADLINE = Duration.ofSeconds(1);
    static final long FUEL = 300_000;
    private static final int DRAWS_PER_IMPORT = 2;
    private static final int CLIENTS = 3;
    private static final long MAX_HEAP_GROWTH = 256L << 20;

    /** The seeds this run covers. */
    static List<Long> seeds() {
        long first = Long.getLong("edge.surface.seed", 1);
        int count = Integer.getInteger("edge.surface.seeds", DEFAULT_SEEDS);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(first + i);
        }
        return seeds;
    }

    /** The deploy settings of the guests: small fuel, the deadline, small key-value values. */
    static FunctionSettings settings(long seed) {
        return FunctionSettings.builder()
                .engine(seed % 2 != 0 ? Engine.COMPILER : Engine.INTERPRETER)
                .config("greeting", "hello")
                .limits(FunctionLimits.builder().fuel(FUEL).timeout(DEADLINE).kvMaxValueBytes(64 << 10).build())
                .build();
    }

    static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void everyImport_randomAndExtremeArguments_endsInTimeWithBoundedHeapWhileTheHostKeepsAnswering() throws Exception {
        long heapBefore = usedHeapAfterGc();
        try (EdgeHost host = EdgeHost.builder().workers(CLIENTS + 1).build()) {
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong slowestHello = new AtomicLong();
            ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
            try {
                Future<?> prober = threads.submit(() -> probe(host, running, slowestHello));
                for (long seed : seeds()) {
                    runSeed(host, threads, seed);
                }
                running.set(false);
                prober.get(30, TimeUnit.SECONDS);
            } finally {
                running.set(false);
                threads.shutdownNow();
            }
            assertTrue(slowestHello.get() < 2 * DEADLINE.toMillis(), "another function answered after " + slowestHello + " ms");
            long growth = usedHeapAfterGc() - heapBefore;
            assertTrue(growth < MAX_HEAP_GROWTH, "the heap grew by " + (growth >> 20) + " MiB");
        }
    }

    private static void runSeed(EdgeHost host, ExecutorService threads, long seed) throws Exception {
        Guest guest = ImportSurfaceGuests.guest(seed, DRAWS_PER_IMPORT);
        host.deploy("surface", guest.wasm(), settings(seed));
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

    /** Runs one case; what went wrong, or an empty string. */
    private static String runCase(EdgeHost host, Guest guest, long seed, int index) {
        EdgeRequest request =
                EdgeRequest.builder("POST", URI.create("http://localhost/surface")).body(Guest.body(index)).build();
        long start = System.nanoTime();
        String outcome;
        try {
            host.handle(request);
            outcome = "";
        } catch (EdgeException e) {
            outcome = e.error() == HttpError.INTERNAL_ERROR ? "the host failed: " + e : "";
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (outcome.isEmpty() && millis >= 2 * DEADLINE.toMillis()) {
            outcome = "answered after " + millis + " ms";
        }
        return outcome.isEmpty() ? "" : "seed " + seed + ", case " + index + " (" + guest.cases().get(index) + "): " + outcome;
    }

    private static void probe(EdgeHost host, AtomicBoolean running, AtomicLong slowest) {
        EdgeRequest hello = EdgeRequest.builder("GET", URI.create("http://localhost/hello")).build();
        while (running.get()) {
            long start = System.nanoTime();
            host.handle(hello);
            slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

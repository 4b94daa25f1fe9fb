package dev.edgehost.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends a number of requests from a number of threads at once, each thread sending its next
 * request when its last one is answered, and collects every request's latency, fuel and outcome.
 * A request that fails counts by its outcome (a status or an error code) and is measured like the
 * others.
 */
final class LoadRun {
    private static final long PROGRESS_MILLIS = 200;

    /** One request: sends it and says how it ended. */
    interface Request {
        Answer send() throws Exception;
    }

    /** How a request ended: its outcome ({@code 200}, {@code fuel_exhausted}) and the fuel it used, or -1 when unknown. */
    record Answer(String outcome, long fuel) {}

    /**
     * What a run measured.
     *
     * @param latency the time from sending each request to its answer
     * @param fuel the fuel per request, of the requests that said
     * @param requestsPerSecond requests answered per second of the whole run
     * @param outcomes requests by outcome, in order
     */
    record Result(int concurrency, Timings latency, Timings fuel, double requestsPerSecond, Map<String, Long> outcomes) {}

    private LoadRun() {}

    /**
     * Runs {@code requests} requests on {@code concurrency} threads.
     *
     * @throws Exception the first exception a request threw that is not an outcome, after the run stopped
     */
    static Result run(int requests, int concurrency, Request request, ProgressLine progress, String what) throws Exception {
        long[] latencies = new long[requests];
        long[] fuels = new long[requests];
        AtomicInteger next = new AtomicInteger();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        progress.reset();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < requests && failure.get() == null; i = next.getAndIncrement()) {
                long start = System.nanoTime();
                Answer answer;
                try {
                    answer = request.send();
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    return;
                }
                latencies[i] = System.nanoTime() - start;
                fuels[i] = answer.fuel();
                outcomes.computeIfAbsent(answer.outcome(), key -> new LongAdder()).increment();
                progress.done();
            }
        };
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(worker, "edge-bench-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                progress.show(what, requests);
                thread.join(PROGRESS_MILLIS);
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.clear();
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Long> counted = new TreeMap<>();
        outcomes.forEach((outcome, count) -> counted.put(outcome, count.sum()));
        return new Result(concurrency, Timings.of(latencies), Timings.of(known(fuels)), requests / (elapsed / 1e9), counted);
    }

    private static long[] known(long[] fuels) {
        return Arrays.stream(fuels).filter(fuel -> fuel >= 0).toArray();
    }
}

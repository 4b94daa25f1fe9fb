package dev.edgehost.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The largest value a heap reading takes while something runs: a daemon thread reads it every
 * 5 ms from {@link #start} until {@link #stop}. Used by the thread that started it.
 */
final class HeapSampler {
    private final AtomicLong peak;
    private final Thread thread;

    private HeapSampler(LongSupplier reading) {
        this.peak = new AtomicLong(reading.getAsLong());
        this.thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(reading.getAsLong(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
    }

    /** Starts sampling {@code reading}; its value now is the first sample. */
    static HeapSampler start(LongSupplier reading) {
        HeapSampler sampler = new HeapSampler(reading);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling and returns the largest value read. */
    long stop() throws InterruptedException {
        thread.interrupt();
        thread.join();
        return peak.get();
    }
}

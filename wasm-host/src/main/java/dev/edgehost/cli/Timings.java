package dev.edgehost.cli;

import java.util.Arrays;

/**
 * Percentiles of measured times, in nanoseconds, by the nearest-rank rule: p50, p90, p99 and the
 * maximum of {@code count} samples. Immutable.
 */
record Timings(int count, long p50, long p90, long p99, long max) {

    /** The percentiles of samples; the array is sorted in place. */
    static Timings of(long[] samples) {
        if (samples.length == 0) {
            return new Timings(0, 0, 0, 0, 0);
        }
        Arrays.sort(samples);
        return new Timings(samples.length, rank(samples, 50), rank(samples, 90), rank(samples, 99), samples[samples.length - 1]);
    }

    /** The sample at a percentile: the smallest one at or above that share of all. */
    static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

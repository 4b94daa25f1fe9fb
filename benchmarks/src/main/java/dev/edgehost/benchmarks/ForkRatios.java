package dev.edgehost.benchmarks;

import java.util.Arrays;

/**
 * The ratio metered / plain over several forks (fresh JVMs), each fork giving the median of its
 * own iterations: the JIT compiles a guest differently from one JVM to the next, by more than
 * fuel costs, so a ratio is the median of the per-fork ratios (fork i of one variant over fork i
 * of the other, in the order they ran), given with the lowest and the highest. Immutable.
 */
record ForkRatios(double[] plainMs, double[] meteredMs, double[] ratios, double median, double lowest, double highest) {

    /** @param plainMs and {@code meteredMs}: one median per fork, in the order the forks ran, as many of each */
    static ForkRatios of(double[] plainMs, double[] meteredMs) {
        if (plainMs.length == 0 || plainMs.length != meteredMs.length) {
            throw new IllegalArgumentException(
                    "as many forks of each variant, at least one: " + plainMs.length + " and " + meteredMs.length);
        }
        double[] ratios = new double[plainMs.length];
        for (int fork = 0; fork < ratios.length; fork++) {
            ratios[fork] = meteredMs[fork] / plainMs[fork];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return new ForkRatios(plainMs.clone(), meteredMs.clone(), ratios, median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    /** The median of the plain forks' medians. */
    double plainMedianMs() {
        return median(sortedCopy(plainMs));
    }

    /** The median of the metered forks' medians. */
    double meteredMedianMs() {
        return median(sortedCopy(meteredMs));
    }

    private static double[] sortedCopy(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

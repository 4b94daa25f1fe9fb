package dev.edgehost.benchmarks;

/** A one-line description of the machine and JVM a benchmark ran on, for its report. */
final class Machine {

    private Machine() {}

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + runtime.availableProcessors() + " cores, "
                + runtime.maxMemory() / (1024 * 1024) + " MiB max heap, Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}

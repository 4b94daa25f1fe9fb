package dev.edgehost.conformance.spec;

/** How many commands ran, how many of those passed, and how many were excluded. */
public record Counts(int run, int passed, int excluded) {
    public static final Counts NONE = new Counts(0, 0, 0);

    public int failed() {
        return run - passed;
    }

    public Counts plus(Counts other) {
        return new Counts(run + other.run, passed + other.passed, excluded + other.excluded);
    }

    @Override
    public String toString() {
        return String.format("run %6d  passed %6d  failed %4d  excluded %5d", run, passed, failed(), excluded);
    }
}

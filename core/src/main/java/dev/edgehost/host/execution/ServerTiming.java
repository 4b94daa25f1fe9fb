package dev.edgehost.host.execution;

/** The {@code server-timing} header of a function response, for browser dev tools. */
final class ServerTiming {

    private ServerTiming() {}

    /** Instantiation and execution time in milliseconds, and the fuel used. */
    static String of(InvocationStats stats) {
        // Built by hand: String.format was a noticeable share of a small request's host time.
        StringBuilder timing = new StringBuilder(64).append("instantiate;dur=");
        appendMillis(timing, stats.instantiateNanos());
        timing.append(", execute;dur=");
        appendMillis(timing, stats.executeNanos());
        return timing.append(", fuel;desc=\"").append(stats.fuelUsed()).append('"').toString();
    }

    /** Nanoseconds as milliseconds with three decimals, rounded half up, as %.3f would. */
    private static void appendMillis(StringBuilder timing, long nanos) {
        long micros = (Math.max(nanos, 0) + 500) / 1000;
        long fraction = micros % 1000;
        timing.append(micros / 1000).append('.');
        if (fraction < 100) {
            timing.append(fraction < 10 ? "00" : "0");
        }
        timing.append(fraction);
    }
}

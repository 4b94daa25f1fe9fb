package dev.edgehost.host;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New request ids without a random draw per request: 24 lower-case hex digits, the first 12 a
 * random prefix drawn once per process and the last 12 a counter that starts at a random value.
 * Ids are unique within a process (the counter repeats only after 2^48 requests), and two hosts
 * share one only if both their prefixes and their counters' ranges meet. An id is a label for logs
 * and traces, not a secret: it shows the order of a host's requests. Thread-safe.
 */
final class RequestIds {
    private static final long MASK = (1L << 48) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] PREFIX;
    private static final AtomicLong COUNTER;

    static {
        SecureRandom random = new SecureRandom();
        PREFIX = new char[12];
        write(random.nextLong() & MASK, PREFIX, 0);
        COUNTER = new AtomicLong(random.nextLong() & MASK);
    }

    private RequestIds() {}

    static String next() {
        char[] id = new char[24];
        System.arraycopy(PREFIX, 0, id, 0, 12);
        write(COUNTER.getAndIncrement() & MASK, id, 12);
        return new String(id);
    }

    /** Writes the low 48 bits of a value as 12 hex digits, most significant first. */
    private static void write(long value, char[] target, int at) {
        for (int i = 11; i >= 0; i--) {
            target[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}

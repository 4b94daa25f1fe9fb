package dev.edgehost.host.instances;

import java.util.concurrent.atomic.AtomicLong;

/** A bound on the memory that idle pooled instances of all functions hold together. */
final class PoolBudget {
    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    PoolBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Takes {@code bytes} from the budget, or nothing and returns false when they do not fit. */
    boolean reserve(long bytes) {
        while (true) {
            long used = usedBytes.get();
            if (used + bytes > limitBytes) {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    void free(long bytes) {
        usedBytes.addAndGet(-bytes);
    }
}

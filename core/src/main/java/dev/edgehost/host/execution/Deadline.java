package dev.edgehost.host.execution;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interrupts the thread that opened it when the time runs out, which stops the guest running on
 * it (the compiler and the interpreter listener check the interrupt flag at loops and calls).
 * Closing it guarantees that no interrupt arrives later and none is left pending, so the worker
 * thread goes back to its pool clean. The {@link DeadlineWatchdog} given watches the time. Opened
 * and closed by one thread; expired by the watchdog's.
 */
public final class Deadline implements AutoCloseable {
    private static final int OPEN = 0;
    private static final int EXPIRING = 1;
    private static final int EXPIRED = 2;
    private static final int CLOSED = 3;

    private final Thread thread = Thread.currentThread();
    private final long atNanos;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final DeadlineWatchdog.Slot slot;
    private boolean closed;

    public Deadline(DeadlineWatchdog watchdog, Duration timeout) {
        this.atNanos = System.nanoTime() + timeout.toNanos();
        this.slot = watchdog.watch(this, atNanos);
    }

    long atNanos() {
        return atNanos;
    }

    boolean isOpen() {
        return state.get() == OPEN;
    }

    /** Interrupts the thread, unless the deadline closed first. */
    void expire() {
        if (state.compareAndSet(OPEN, EXPIRING)) {
            thread.interrupt();
            state.set(EXPIRED);
        }
    }

    boolean expired() {
        int now = state.get();
        return now == EXPIRING || now == EXPIRED;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        slot.remove(this);
        if (!state.compareAndSet(OPEN, CLOSED)) {
            // Expired: wait out the watchdog's interrupt, which is on its way or delivered, and clear it.
            while (state.get() != EXPIRED) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
        }
    }
}

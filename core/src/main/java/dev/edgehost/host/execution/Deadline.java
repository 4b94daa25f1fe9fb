package dev.edgehost.host.execution;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread that opened it when the time runs out, which stops the guest running on
 * it (the compiler and the interpreter listener check the interrupt flag at loops and calls).
 * Closing it guarantees that no interrupt arrives later and none is left pending, so the worker
 * thread goes back to its pool clean.
 */
public final class Deadline implements AutoCloseable {
    private final Thread thread = Thread.currentThread();
    private final ScheduledFuture<?> timer;
    private boolean expired;
    private boolean closed;

    public Deadline(ScheduledExecutorService scheduler, Duration timeout) {
        this.timer = scheduler.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void expire() {
        if (!closed) {
            expired = true;
            thread.interrupt();
        }
    }

    synchronized boolean expired() {
        return expired;
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.cancel(false);
        if (expired) {
            Thread.interrupted();
        }
    }
}

package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import dev.edgehost.host.fuel.FuelCosts;
import dev.edgehost.host.fuel.FuelGauge;
import java.util.concurrent.locks.LockSupport;

/**
 * What one request's host functions spend on the guest's behalf: each charges the fuel of its
 * work here before doing it (ABI spec §8.1), and work that can run long looks at the request's
 * deadline between chunks of at most {@link #CHUNK_BYTES}. A guest that cannot pay stops exactly
 * as when its own code runs out of fuel; one whose deadline passed during host work stops as at
 * any other point. Used by the request's thread only.
 */
public final class HostWork {
    /** The most bytes host work copies, hashes or writes between two looks at the deadline. */
    public static final int CHUNK_BYTES = 64 << 10;

    private final FuelGauge fuel;
    private final long deadlineNanos;

    /** @param deadlineNanos {@link System#nanoTime()} at which the request's deadline ends */
    public HostWork(FuelGauge fuel, long deadlineNanos) {
        this.fuel = fuel;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Pays for work about to be done.
     *
     * @throws TrapException when the fuel left does not cover it: the request ends as
     *     {@code fuel_exhausted}, and the caller must not do the work
     */
    public void charge(long cost) {
        if (!fuel.charge(cost)) {
            throw new TrapException("out of fuel in a host call");
        }
    }

    /** Pays for reading or writing one range of {@code bytes} bytes of guest memory. */
    public void chargeBytes(long bytes) {
        charge(FuelCosts.hostBytes(bytes));
    }

    /**
     * Stops the guest once the request's deadline has passed.
     *
     * @throws ChicoryInterruptedException then: the request ends as {@code timeout}
     */
    public void checkDeadline() {
        if (Thread.currentThread().isInterrupted() || pastDeadline()) {
            throw new ChicoryInterruptedException("deadline reached in a host call");
        }
    }

    /** Whether the request's deadline has passed. */
    public boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /**
     * Waits {@code nanos}, or less when the deadline comes first; then stops the guest if the
     * deadline has passed. Costs no fuel: waiting is no work.
     */
    public void sleep(long nanos) {
        long wake = System.nanoTime() + Math.max(0, Math.min(nanos, deadlineNanos - System.nanoTime()));
        for (long left = wake - System.nanoTime(); left > 0; left = wake - System.nanoTime()) {
            checkDeadline();
            LockSupport.parkNanos(left);
        }
        checkDeadline();
    }
}

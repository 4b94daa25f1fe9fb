package dev.edgehost.host.execution;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the current thread has cost the host so far, in nanoseconds of worker time, by which
 * functions share the workers: its CPU time ({@link WorkerTime}) plus the bytes it allocated,
 * {@value #BYTES_PER_NANO} a nanosecond. The bytes are what CPU time misses: a memory hog's
 * 16 MiB a request or a 10 MiB response take a worker little CPU time, but the garbage collector,
 * which no function is charged for, works for them on the same cores. A nanosecond a byte is an
 * estimate of allocating, zeroing and collecting large short-lived arrays, not a measurement; what
 * it changes is measured by the chaos report. Where the JVM cannot tell a thread's allocations (a
 * virtual thread), CPU time alone. Thread-safe: each thread reads its own.
 */
final class HostCost {
    /** Allocated bytes that count as one nanosecond of worker time. */
    static final long BYTES_PER_NANO = 1;

    private static final ThreadMXBean THREADS = threads();

    private HostCost() {}

    static long now() {
        return WorkerTime.now() + allocatedBytes() / BYTES_PER_NANO;
    }

    private static long allocatedBytes() {
        return THREADS == null ? 0 : Math.max(0, THREADS.getCurrentThreadAllocatedBytes());
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean() instanceof ThreadMXBean threads
                        && threads.isThreadAllocatedMemorySupported()
                        && threads.isThreadAllocatedMemoryEnabled()
                ? threads
                : null;
    }
}

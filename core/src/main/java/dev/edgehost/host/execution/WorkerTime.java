package dev.edgehost.host.execution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The time the current thread has spent on a CPU, in nanoseconds, by which functions share the
 * workers; wall-clock time where the JVM cannot tell, which counts waiting as work.
 */
final class WorkerTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private WorkerTime() {}

    static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}

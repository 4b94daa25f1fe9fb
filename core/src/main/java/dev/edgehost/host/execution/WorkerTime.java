package dev.edgehost.host.execution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The time the current thread has spent on a CPU, in nanoseconds, by which functions share the
 * workers; wall-clock time where the JVM cannot tell, which counts waiting as work. The JVM
 * cannot on a virtual thread (it answers -1 there): a request's start and end are read on the
 * same thread, so both are wall-clock time then.
 */
final class WorkerTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private WorkerTime() {}

    static long now() {
        if (!CPU_TIME) {
            return System.nanoTime();
        }
        long cpu = THREADS.getCurrentThreadCpuTime();
        return cpu >= 0 ? cpu : System.nanoTime();
    }
}

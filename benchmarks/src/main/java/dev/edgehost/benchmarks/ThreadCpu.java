package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the process's CPU time went between two readings, by group of threads: the host's
 * workers, Undertow's I/O and task threads, the report's own clients, and the JVM's own threads
 * (garbage collection, the JIT compilers), which the thread bean does not list and which are the
 * process's CPU time less that of the Java threads. A thread that ended between the readings is
 * missed, its time counted in the JVM's share. Not thread-safe: one reader.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final String JVM = "JVM (GC, JIT)";

    private final Map<Long, Long> startByThread;
    private final long processStart;
    private final long wallStart;

    private ThreadCpu(Map<Long, Long> startByThread, long processStart, long wallStart) {
        this.startByThread = startByThread;
        this.processStart = processStart;
        this.wallStart = wallStart;
    }

    static ThreadCpu start() {
        return new ThreadCpu(byThread(), OS.getProcessCpuTime(), System.nanoTime());
    }

    /** CPU milliseconds by group since {@link #start()}, the JVM's own and the total included. */
    Map<String, Long> millisByGroup() {
        Map<String, Long> nanos = new TreeMap<>();
        long threads = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - startByThread.getOrDefault(info.getThreadId(), 0L);
            nanos.merge(group(info.getThreadName()), used, Long::sum);
            threads += used;
        }
        long process = OS.getProcessCpuTime() - processStart;
        nanos.put(JVM, Math.max(0, process - threads));
        Map<String, Long> millis = new TreeMap<>();
        nanos.forEach((group, used) -> millis.put(group, TimeUnit.NANOSECONDS.toMillis(used)));
        millis.put("total", TimeUnit.NANOSECONDS.toMillis(process));
        millis.put("wall", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wallStart));
        return millis;
    }

    static ObjectNode json(ObjectNode node, Map<String, Long> millis) {
        millis.forEach(node::put);
        return node;
    }

    static String describe(Map<String, Long> millis) {
        long total = Math.max(1, millis.get("total"));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d ms CPU in %d ms:", millis.get("total"), millis.get("wall")));
        millis.forEach((group, used) -> {
            if (!group.equals("total") && !group.equals("wall")) {
                text.append(String.format(Locale.ROOT, " %s %d (%.0f %%)", group, used, 100.0 * used / total));
            }
        });
        return text.toString();
    }

    private static Map<Long, Long> byThread() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long used = THREADS.getThreadCpuTime(id);
            if (used >= 0) {
                cpu.put(id, used);
            }
        }
        return cpu;
    }

    private static String group(String thread) {
        if (thread.startsWith("edge-worker-") || thread.startsWith("edge-carrier-")) {
            return "host workers";
        }
        if (thread.matches("XNIO-\\d+ I/O-\\d+")) {
            return "Undertow I/O";
        }
        if (thread.matches("XNIO-\\d+ task-\\d+")) {
            return "Undertow tasks";
        }
        if (thread.startsWith("origin ")) {
            return "report: fetch origin";
        }
        if (thread.startsWith("well-behaved-client-")) {
            return "report: well-behaved clients";
        }
        if (thread.startsWith("HttpClient")) {
            return "report: HTTP client";
        }
        return "other host threads";
    }
}

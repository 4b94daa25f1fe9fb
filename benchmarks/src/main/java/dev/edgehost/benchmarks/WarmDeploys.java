package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.compile.ModuleBudgetCheck;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.TierInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Uploads of one large module into a host that is already running and has taken such uploads
 * before, as a host in service receives them: the JVM's code is compiled and the host's threads
 * exist, unlike the first deploy of a fresh process. Per upload: the wall time to its first
 * response, the process's CPU time meanwhile, the CPU time of the threads that checked the upload
 * (the deploy's own thread, on which everything but the parallel parse runs, is what an idle machine
 * waits for), the garbage collectors' pauses and the load average. Each upload differs in one byte
 * so that nothing is cached; each waits for the previous one's background compile to end.
 */
final class WarmDeploys {
    /** Uploads that warm the host and the JVM up before those measured ({@code -Dedge.large.warmUps}). */
    private static final int WARM_UPS = Integer.getInteger("edge.large.warmUps", 2);
    /** The target of issue 19: the first response after the upload within a second. */
    static final double TARGET_MS = 1_000;

    private WarmDeploys() {}

    static void measure(byte[] wasm, int uploads, ArrayNode rows) throws InterruptedException {
        try (EdgeHost host = EdgeHost.builder().workers(2).build()) {
            for (int upload = 0; upload < WARM_UPS + uploads; upload++) {
                byte[] bytes = wasm.clone();
                // The last body's last constant: another module each time, as valid as the first.
                bytes[bytes.length - 3] = (byte) (upload & 0x3F);
                String name = "warm" + upload;
                Map<String, Long> threadsBefore = threadCpu();
                long gcBefore = gcMillis();
                long cpuBefore = processCpuNanos();
                long start = System.nanoTime();
                host.deploy(name, bytes, FunctionSettings.defaults());
                long deployed = System.nanoTime();
                EdgeResponse first = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/" + name)).build());
                long answered = System.nanoTime();
                long cpu = processCpuNanos() - cpuBefore;
                long gc = gcMillis() - gcBefore;
                Map<String, Long> threads = since(threadsBefore);
                EdgeRuntime runtime = HostCore.of(host).runtime();
                TierInfo tier = runtime.tier(runtime.find(name).orElseThrow());
                String firstTier = tier.tier();
                while (tier.state().equals("queued") || tier.state().equals("compiling")) {
                    Thread.sleep(20);
                    tier = runtime.tier(runtime.find(name).orElseThrow());
                }
                host.undeploy(name);
                if (upload < WARM_UPS) {
                    continue;
                }
                double firstResponseMs = (answered - start) / 1e6;
                double deployThreadMs = threads.getOrDefault("edge-compile", 0L) / 1e6;
                ObjectNode row = rows.addObject();
                row.put("upload", upload - WARM_UPS + 1);
                row.put("bytes", bytes.length);
                row.put("status", first.status());
                row.put("firstTier", firstTier);
                row.put("deployMs", (deployed - start) / 1e6);
                row.put("firstRequestMs", (answered - deployed) / 1e6);
                row.put("firstResponseAfterUploadMs", firstResponseMs);
                row.put("firstResponseAfterUploadCpuMs", cpu / 1e6);
                row.put("deployThreadCpuMs", deployThreadMs);
                row.put("parseThreadsCpuMs", threads.getOrDefault("edge-parse", 0L) / 1e6);
                row.put("requestThreadsCpuMs", threads.getOrDefault("edge-worker", 0L) / 1e6);
                row.put("gcPausesMs", gc);
                row.put("loadAverage", ReportFile.loadAverage());
                double codeMb = ModuleBudgetCheck.codeBytes(bytes) / 1e6;
                row.put("compiledTierMs", tier.compileMs() == null ? Double.NaN : tier.compileMs());
                row.put("compileMsPerCodeMb", tier.compileMs() == null ? Double.NaN : tier.compileMs() / codeMb);
                System.out.printf(Locale.ROOT,
                        "warm host, upload %d of %d bytes: status %d (%s), first response %8.1f ms after the upload (process CPU %7.1f ms;"
                                + " deploy thread %6.1f ms, parse threads %6.1f ms, GC pauses %5d ms), load %.1f; compiled tier after"
                                + " %s ms, %.0f ms per MB of code%n",
                        upload - WARM_UPS + 1, bytes.length, first.status(), firstTier, firstResponseMs, cpu / 1e6, deployThreadMs,
                        threads.getOrDefault("edge-parse", 0L) / 1e6, gc, ReportFile.loadAverage(), tier.compileMs(),
                        tier.compileMs() == null ? Double.NaN : tier.compileMs() / codeMb);
            }
        }
    }

    /** The CPU time of each live thread so far, by name. */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long time = threads.getThreadCpuTime(id);
            if (info != null && time >= 0) {
                cpu.put(id + " " + info.getThreadName(), time);
            }
        }
        return cpu;
    }

    /** The CPU time threads took since {@code before}, summed by the name's stem ({@code edge-parse-2}: {@code edge-parse}). */
    private static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> stems = new HashMap<>();
        threadCpu().forEach((thread, time) -> {
            String name = thread.substring(thread.indexOf(' ') + 1);
            String stem = name.replaceAll("-\\d+$", "");
            stems.merge(stem, time - before.getOrDefault(thread, 0L), Long::sum);
        });
        return stems;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }
}

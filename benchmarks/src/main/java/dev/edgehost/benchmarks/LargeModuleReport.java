package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.compile.ModuleBudgetCheck;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.TierInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Deploys modules from 100 KB to about 8.4 MB in a fresh host each and reports, per size, the
 * deploy time, the time of the first request after it, when the compiled tier took over and the
 * peak heap meanwhile, with the compile throughput per MB. Modules of the host's tiered size and
 * more serve on the interpreter while they compile. Single shots on a shared machine: compare
 * within one run. Then real programs: the QuickJS engine (deploying a JavaScript function compiles
 * it) and each module given as an argument {@code NAME=PATH} (the SQLite CGI sample, an unstripped
 * Rust program). Writes {@code large-modules.json} into the directory given as an argument, else where {@link ReportFile#resultsDir} says (the committed results only with {@code
 * -Dedge.approve=true}).
 */
public final class LargeModuleReport {
    /** Functions and body bytes of each synthetic module: straight-line code. */
    private static final int[][] SHAPES = {{250, 400}, {600, 1_000}, {1_100, 1_000}, {2_000, 1_000}, {4_000, 1_000}, {4_000, 2_100}};
    /** The JavaScript function of the QuickJS row: its deploy compiles the engine. */
    private static final String JS_HELLO = "export default { fetch() { return new Response('hello'); } };";
    /** Functions a request calls: like a real program, a request runs a small part of a large module. */
    private static final int CALLED = 10;

    /** Uploads of the largest module measured on the warm host ({@code -Dedge.large.uploads}). */
    private static final int WARM_UPLOADS = Integer.getInteger("edge.large.uploads", 3);

    private LargeModuleReport() {}

    /**
     * The verdict against issue 19's target, from the warm host's median upload: its first
     * response within a second of wall time, and, since the shared machine's load stretches wall
     * times, the CPU time of the deploy's own thread, which is what an idle machine would wait for.
     */
    private static void verdict(ObjectNode report, ArrayNode warm) {
        double[] wall = new double[warm.size()];
        double[] thread = new double[warm.size()];
        double[] cpu = new double[warm.size()];
        for (int i = 0; i < warm.size(); i++) {
            wall[i] = warm.get(i).get("firstResponseAfterUploadMs").asDouble();
            thread[i] = warm.get(i).get("deployThreadCpuMs").asDouble() + warm.get(i).get("requestThreadsCpuMs").asDouble();
            cpu[i] = warm.get(i).get("firstResponseAfterUploadCpuMs").asDouble();
        }
        Arrays.sort(wall);
        Arrays.sort(thread);
        Arrays.sort(cpu);
        double medianWall = wall[wall.length / 2];
        double medianThread = thread[thread.length / 2];
        ObjectNode verdict = report.putObject("verdict");
        verdict.put("targetMs", WarmDeploys.TARGET_MS);
        verdict.put("medianFirstResponseAfterUploadMs", medianWall);
        verdict.put("medianProcessCpuMs", cpu[cpu.length / 2]);
        verdict.put("medianDeployAndRequestThreadCpuMs", medianThread);
        verdict.put("wall", medianWall <= WarmDeploys.TARGET_MS ? "met" : "missed");
        verdict.put("deployThreadCpu", medianThread <= WarmDeploys.TARGET_MS ? "met" : "missed");
        System.out.printf(Locale.ROOT,
                "verdict, first response of the 8.4 MB module within %.0f ms on a warm host: wall %.0f ms %s (load %.1f); CPU of the"
                        + " deploy's and the request's threads %.0f ms %s; process CPU %.0f ms%n",
                WarmDeploys.TARGET_MS, medianWall, verdict.get("wall").asText(), ReportFile.loadAverage(), medianThread,
                verdict.get("deployThreadCpu").asText(), cpu[cpu.length / 2]);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 && !args[0].contains("=") ? Path.of(args[0]) : ReportFile.resultsDir();
        ObjectNode report = ReportFile.create("large modules: deploy, first request, compiled tier, peak heap");
        report.put("unit", "milliseconds");
        report.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        ArrayNode warm = report.putArray("warmHost");
        byte[] largest = module(SHAPES[SHAPES.length - 1][0], SHAPES[SHAPES.length - 1][1]);
        WarmDeploys.measure(largest, WARM_UPLOADS, warm);
        verdict(report, warm);
        ArrayNode rows = report.putArray("rows");
        if (Boolean.getBoolean("edge.large.warmOnly")) {
            ReportFile.write(dir.resolve("large-modules.json"), report);
            return;
        }
        for (int[] shape : SHAPES) {
            byte[] wasm = module(shape[0], shape[1]);
            measure("synthetic", wasm, host -> host.deploy("big", wasm, FunctionSettings.defaults()), "/big", rows.addObject());
        }
        byte[] engine = Files.readAllBytes(Path.of("js-engine", "edge-js.wasm"));
        measure("QuickJS engine (a JavaScript function)", engine,
                host -> host.deployScript("big", JS_HELLO, FunctionSettings.defaults()), "/big", rows.addObject());
        for (String arg : args) {
            if (!arg.contains("=")) {
                continue;
            }
            String[] named = arg.split("=", 2);
            byte[] wasm = Files.readAllBytes(Path.of(named[1]));
            measure(named[0], wasm, host -> host.deploy("big", wasm, FunctionSettings.defaults()), "/big", rows.addObject());
        }
        ReportFile.write(dir.resolve("large-modules.json"), report);
    }

    /** One deploy of a module into a fresh host. */
    private interface Deploy {
        void into(EdgeHost host);
    }

    private static void measure(String module, byte[] wasm, Deploy deploy, String path, ObjectNode row) throws InterruptedException {
        long bytes = wasm.length;
        long codeBytes = ModuleBudgetCheck.codeBytes(wasm);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        HeapSampler sampler = HeapSampler.start(() -> memory.getHeapMemoryUsage().getUsed());
        row.put("module", module);
        row.put("bytes", bytes);
        row.put("codeBytes", codeBytes);
        try (EdgeHost host = EdgeHost.builder().workers(2).build()) {
            long start = System.nanoTime();
            long cpuAtStart = processCpuNanos();
            try {
                deploy.into(host);
            } catch (EdgeException e) {
                sampler.stop();
                row.put("refusedAfterMs", ms(System.nanoTime() - start));
                row.put("refused", e.getMessage());
                System.out.printf(Locale.ROOT, "%s, %9d bytes: refused after %.1f ms: %s%n", module, bytes, ms(System.nanoTime() - start),
                        e.getMessage());
                return;
            }
            long deployed = System.nanoTime();
            long cpuDeployed = processCpuNanos();
            EdgeResponse first = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost" + path)).build());
            long answered = System.nanoTime();
            long cpuAnswered = processCpuNanos();
            EdgeRuntime runtime = HostCore.of(host).runtime();
            TierInfo tier = runtime.tier(runtime.find("big").orElseThrow());
            String firstTier = tier.tier();
            while (tier.state().equals("queued") || tier.state().equals("compiling")) {
                Thread.sleep(20);
                tier = runtime.tier(runtime.find("big").orElseThrow());
            }
            long compiled = System.nanoTime();
            EdgeResponse after = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost" + path)).build());
            long peak = sampler.stop();
            Long compileMs = tier.compileMs();
            double codeMb = codeBytes / 1e6;
            double compileMbPerS = compileMs == null ? codeMb / ((deployed - start) / 1e9) : codeMb / Math.max(1, compileMs) * 1e3;
            row.put("status", first.status());
            row.put("deployMs", ms(deployed - start));
            row.put("firstRequestMs", ms(answered - deployed));
            row.put("firstResponseAfterUploadMs", ms(answered - start));
            row.put("deployCpuMs", ms(cpuDeployed - cpuAtStart));
            row.put("firstResponseAfterUploadCpuMs", ms(cpuAnswered - cpuAtStart));
            row.put("firstTier", firstTier);
            row.put("compiledTierAfterMs", ms(compiled - start));
            row.put("state", tier.state());
            if (tier.failure() != null) {
                row.put("failure", tier.failure());
            }
            row.put("peakHeapMb", (peak - baseline) / 1e6);
            row.put("compileMsPerCodeMb", compileMs == null ? Double.NaN : compileMs / codeMb);
            row.put("compileCodeMbPerS", compileMbPerS);
            row.put("compiledInBackground", compileMs != null);
            row.put("sameFuel", first.fuelUsed() == after.fuelUsed());
            System.out.printf(Locale.ROOT,
                    "%s, %9d bytes (%d of code): status %d, deploy %8.1f ms (CPU %8.1f ms), first request %7.1f ms (%s), first response"
                            + " %8.1f ms after the upload (CPU %8.1f ms), compiled after %8.1f ms (%s), peak heap +%6.0f MB, %6.2f MB of code"
                            + " per s compiling%s, fuel %d / %d%n",
                    module, bytes, codeBytes, first.status(), ms(deployed - start), ms(cpuDeployed - cpuAtStart), ms(answered - deployed),
                    firstTier, ms(answered - start), ms(cpuAnswered - cpuAtStart), ms(compiled - start),
                    tier.state(), (peak - baseline) / 1e6, compileMbPerS, compileMs == null ? " (at the deploy)" : "",
                    first.fuelUsed(), after.fuelUsed());
        }
    }

    /** CPU time of the whole process (every thread, GC and JIT included), where the JVM reports it; else 0. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Like the core tests' {@code TestGuests.largeModule}, but {@code handle} calls the first {@link #CALLED} functions only. */
    static byte[] module(int functions, int bodyBytes) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        handle.write(0x00);
        for (int i = 1; i <= CALLED; i++) {
            handle.write(0x10);
            u32(handle, i);
        }
        handle.write(0x0B);
        u32(code, functions);
        u32(code, handle.size());
        code.writeBytes(handle.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x00);
        for (int value = 0; body.size() < bodyBytes - 4; value++) {
            body.writeBytes(new byte[] {0x41, (byte) (value & 0x3F), 0x1A});
        }
        body.write(0x0B);
        for (int i = 1; i < functions; i++) {
            u32(code, body.size());
            code.writeBytes(body.toByteArray());
        }
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        u32(types, functions);
        for (int i = 0; i < functions; i++) {
            types.write(0x00);
        }
        ByteArrayOutputStream wasm = new ByteArrayOutputStream();
        wasm.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(wasm, 1, new byte[] {0x01, 0x60, 0x00, 0x00});
        section(wasm, 3, types.toByteArray());
        section(wasm, 5, new byte[] {0x01, 0x00, 0x01});
        section(wasm, 7, new byte[] {0x02, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x06, 'h', 'a', 'n', 'd', 'l', 'e', 0x00, 0x00});
        section(wasm, 10, code.toByteArray());
        return wasm.toByteArray();
    }

    private static void section(ByteArrayOutputStream wasm, int id, byte[] content) {
        wasm.write(id);
        u32(wasm, content.length);
        wasm.writeBytes(content);
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }
}

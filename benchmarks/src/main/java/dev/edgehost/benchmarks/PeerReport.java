package dev.edgehost.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.fuel.FuelGauge;
import dev.edgehost.host.fuel.FuelInstrumenter;
import dev.edgehost.host.fuel.InstrumentedModule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The same modules on V8 (Node.js, when {@code node} is on the PATH), plain Chicory and the
 * host's path, and the ratios: naive recursive {@code fib}, the {@code sum} loop, SHA-256 of
 * 1 MiB and a C JWT workload (sign and verify with HS256, 10,000 times); the last two are
 * freestanding C ({@code guests/peers}, rebuilt by its {@code build.sh}). Plain Chicory runs the
 * module as given in the compiler, on Chicory's own memory; the host's path runs it fuel-metered,
 * on the host's memory, as a request runs it; "unmetered" runs the module as given on the host's
 * memory, so that host / unmetered is what fuel alone costs and unmetered / plain what the memory
 * alone gains or costs. Each is the median of measured runs after warm-up runs, the three in turn
 * in this JVM, V8 in a child process. Targets (issue 19): host / V8 at most 2.5 on SHA-256 and
 * JWT, fuel (host / unmetered) at most 1.15 on them. Writes {@code peers.json} and
 * {@code peers.svg} ({@link ReportFile#resultsDir}). System properties: {@code warmups} (10),
 * {@code runs} (10), {@code clock} ({@code wall}, or {@code cpu}).
 */
public final class PeerReport {
    static final double V8_TARGET = 2.5;
    static final double FUEL_TARGET = 1.15;
    /**
     * {@code -Dclock=cpu} times each run by the CPU time of the thread that runs it (in Node.js, of
     * the process), which a machine shared with other work disturbs far less than wall time.
     */
    static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("clock"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A module and the argument of its {@code run}, sized for tens of milliseconds. */
    record Guest(String name, byte[] wasm, long argument, boolean realCode) {}

    private PeerReport() {}

    static List<Guest> guests() {
        return List.of(
                new Guest("fib", Wat2Wasm.parse(FuelOverheadBenchmark.resource("/guests/fib.wat")), 30, false),
                new Guest("sum", Wat2Wasm.parse(FuelOverheadBenchmark.resource("/guests/sum.wat")), 10_000_000, false),
                new Guest("sha256", UploadBenchmark.read("/guests/peers/sha256.wasm"), 1, true),
                new Guest("jwt", UploadBenchmark.read("/guests/peers/jwt.wasm"), 10_000, true));
    }

    public static void main(String[] args) throws Exception {
        int warmups = Integer.getInteger("warmups", 10);
        int runs = Integer.getInteger("runs", 10);
        boolean node = NodeHello.available();
        if (!node) {
            System.out.println("node is not on the PATH: the V8 peer is skipped");
        }
        ObjectNode report = ReportFile.create("the same modules on V8, plain Chicory and the host's path");
        report.put("clock", CPU_CLOCK ? "CPU time of the running thread (V8: of the node process)" : "wall time");
        report.put("runs", "medians of " + runs + " runs after " + warmups + " warm-up runs; plain, unmetered and host in turn in one JVM, V8 in node");
        report.put("v8Target", V8_TARGET);
        report.put("fuelTarget", FUEL_TARGET);
        ArrayNode rows = report.putArray("guests");
        List<SvgChart.Row> chart = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-7s %10s %10s %10s %10s %10s %10s %10s  %s%n",
                "guest", "v8 ms", "plain ms", "unmet. ms", "host ms", "host/v8", "host/plain", "fuel", "verdict");
        for (Guest guest : guests()) {
            double[] measured = plainAndHost(guest, warmups, runs);
            double v8 = node ? v8(guest, warmups, runs) : Double.NaN;
            double overV8 = measured[1] / v8;
            double fuel = measured[1] / measured[2];
            ObjectNode row = rows.addObject();
            row.put("guest", guest.name());
            row.put("argument", guest.argument());
            row.put("plainMs", measured[0]);
            row.put("hostMs", measured[1]);
            if (node) {
                row.put("v8Ms", v8);
                row.put("hostOverV8", overV8);
                row.put("plainOverV8", measured[0] / v8);
            }
            row.put("unmeteredMs", measured[2]);
            row.put("hostOverPlain", measured[1] / measured[0]);
            row.put("unmeteredOverPlain", measured[2] / measured[0]);
            row.put("hostOverUnmetered", fuel);
            String verdict = "reported";
            if (guest.realCode()) {
                boolean met = fuel <= FUEL_TARGET && (!node || overV8 <= V8_TARGET);
                row.put("meetsTarget", met);
                verdict = (met ? "met" : "missed") + String.format(Locale.ROOT, " (host/v8 <= %.1f, fuel <= %.2f)", V8_TARGET, FUEL_TARGET);
            }
            System.out.printf(Locale.ROOT, "%-7s %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f  %s%n",
                    guest.name(), v8, measured[0], measured[2], measured[1], overV8, measured[1] / measured[0], fuel, verdict);
            chart.add(new SvgChart.Row(guest.name() + " (ratio to V8)",
                    new double[] {measured[0] / v8, overV8}, guest.realCode() ? V8_TARGET : Double.NaN));
        }
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        ReportFile.write(dir.resolve("peers.json"), report);
        if (node) {
            String when = report.path("date").asText().substring(0, 10) + ", " + report.path("machine").asText()
                    + ", load " + report.path("loadAverage").asText();
            new SvgChart("The same modules: time relative to V8 (1 = V8; red: the target, 2.5)", when,
                    List.of("plain Chicory", "host path (metered)"))
                    .write(dir.resolve("peers.svg"), chart, "x");
        }
    }

    /** Medians of plain Chicory's, the host path's and the unmetered runs, one of each in turn. */
    static double[] plainAndHost(Guest guest, int warmups, int runs) throws ReflectiveOperationException {
        ExportFunction plain = plain(guest.wasm());
        ExportFunction host = host(guest.wasm());
        ExportFunction unmetered = unmetered(guest.wasm());
        long expected = plain.apply(guest.argument())[0];
        if (host.apply(guest.argument())[0] != expected || unmetered.apply(guest.argument())[0] != expected) {
            throw new IllegalStateException(guest.name() + ": the host's memory or fuel computes another result");
        }
        for (int i = 0; i < warmups; i++) {
            plain.apply(guest.argument());
            host.apply(guest.argument());
            unmetered.apply(guest.argument());
        }
        double[] plainMs = new double[runs];
        double[] hostMs = new double[runs];
        double[] unmeteredMs = new double[runs];
        for (int i = 0; i < runs; i++) {
            plainMs[i] = timed(plain, guest.argument());
            hostMs[i] = timed(host, guest.argument());
            unmeteredMs[i] = timed(unmetered, guest.argument());
        }
        return new double[] {median(plainMs), median(hostMs), median(unmeteredMs)};
    }

    private static double timed(ExportFunction run, long argument) {
        long start = now();
        run.apply(argument);
        return (now() - start) / 1e6;
    }

    /** Nanoseconds by the chosen clock: this thread's CPU time when {@link #CPU_CLOCK}, else wall time. */
    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static ExportFunction plain(byte[] wasm) {
        WasmModule module = Parser.parse(wasm);
        return Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build().export("run");
    }

    /** The module fuel-instrumented, with the fuel gauge and the host's paged memory, in the compiler. */
    static ExportFunction host(byte[] wasm) throws ReflectiveOperationException {
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
        WasmModule module = Parser.parse(instrumented.wasm());
        return Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .withGlobalFactory(new FuelGauge(instrumented, FunctionLimits.MAX_FUEL))
                .withMemoryFactory(pagedMemory())
                .build()
                .export("run");
    }

    /** The module as given, unmetered, on the host's memory, in the compiler. */
    static ExportFunction unmetered(byte[] wasm) throws ReflectiveOperationException {
        WasmModule module = Parser.parse(wasm);
        return Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .withMemoryFactory(pagedMemory())
                .build()
                .export("run");
    }

    /**
     * The host's memory implementation. It is internal to its package (instances are only made
     * there), so the benchmark, on the class path, reaches its constructor by reflection.
     */
    static Function<MemoryLimits, Memory> pagedMemory() throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("dev.edgehost.host.instances.PagedMemory").getDeclaredConstructor(MemoryLimits.class);
        constructor.setAccessible(true);
        return limits -> {
            try {
                return (Memory) constructor.newInstance(limits);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The median of V8's measured runs, in a child {@code node}. */
    static double v8(Guest guest, int warmups, int runs) throws IOException, InterruptedException {
        Path wasm = Files.createTempFile("edge-peer-" + guest.name(), ".wasm");
        Path script = Files.createTempFile("edge-peer-run", ".js");
        try {
            Files.write(wasm, guest.wasm());
            Files.writeString(script, FuelOverheadBenchmark.resource("/guests/peers/run.js"), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("node", script.toString(), wasm.toString(), Long.toString(guest.argument()),
                    Integer.toString(warmups), Integer.toString(runs), CPU_CLOCK ? "cpu" : "wall").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new IOException("node failed on " + guest.name() + ": " + output);
            }
            return median(ReportFile.json().readValue(output, double[].class));
        } finally {
            Files.deleteIfExists(wasm);
            Files.deleteIfExists(script);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

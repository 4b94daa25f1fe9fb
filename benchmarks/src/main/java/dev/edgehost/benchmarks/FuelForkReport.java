package dev.edgehost.benchmarks;

import com.dylibso.chicory.runtime.ExportFunction;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fuel on the modules of {@link PeerReport}, measured so that one JVM's luck does not decide it:
 * metered / unmetered on the host's memory by the CPU time of the running thread, in several fresh
 * JVMs (forks), each first calling {@code run} many times with a small argument so that HotSpot
 * compiles it as a whole (called only a few times it compiles only its loops, on stack
 * replacement, and JWT's ratio moved between 1.2 and 2.2 from one JVM to the next), then timing
 * metered and unmetered runs in turn. The ratio is the median of the forks' ratios, given with the
 * lowest and the highest ({@link ForkRatios}). With {@code -Dbaseline.classpath=CP}, each fork is
 * followed by one on that class path (an earlier build of the instrumenter), so that before and
 * after are measured in one run, interleaved. Writes {@code fuel-forks.json}
 * ({@link ReportFile#resultsDir}, or the directory given as the first argument). System
 * properties: {@code forks} (5), {@code warmups} (5), {@code runs} (10), {@code guests}
 * (comma-separated, default all four), {@code baseline.classpath}.
 */
public final class FuelForkReport {
    /** The argument of the small calls that get {@code run} compiled, for the guests whose run loops around calls. */
    private static final Map<String, Long> SMALL_ARGUMENTS = Map.of("jwt", 1L, "fib", 10L, "sum", 100L);
    /** Over HotSpot's invocation thresholds for its optimizing compiler. */
    private static final int SMALL_CALLS = 12_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FuelForkReport() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--fork")) {
            fork(guest(args[1]));
            return;
        }
        int forks = Integer.getInteger("forks", 5);
        String baseline = System.getProperty("baseline.classpath");
        List<String> names = new ArrayList<>();
        for (PeerReport.Guest guest : PeerReport.guests()) {
            names.add(guest.name());
        }
        if (System.getProperty("guests") != null) {
            names = Arrays.asList(System.getProperty("guests").split(","));
        }
        ObjectNode report = ReportFile.create("fuel, metered / unmetered on the host's memory, CPU time of the running thread, "
                + "median of the per-fork ratios of " + forks + " fresh JVMs" + (baseline == null ? "" : ", each followed by one of the baseline"));
        ArrayNode rows = report.putArray("guests");
        System.out.printf(Locale.ROOT, "%-8s %-9s %11s %11s %7s %7s %7s%n", "guest", "build", "unmet. ms", "metered ms", "fuel", "lowest", "highest");
        for (String name : names) {
            List<double[]> current = new ArrayList<>();
            List<double[]> earlier = new ArrayList<>();
            for (int fork = 0; fork < forks; fork++) {
                current.add(runFork(System.getProperty("java.class.path"), name));
                if (baseline != null) {
                    earlier.add(runFork(baseline, name));
                }
            }
            ObjectNode row = rows.addObject();
            row.put("guest", name);
            print(row.putObject("current"), name, "current", current);
            if (baseline != null) {
                print(row.putObject("baseline"), name, "baseline", earlier);
            }
        }
        report.put("loadAverageAtEnd", ReportFile.loadAverage());
        System.out.println("load average " + report.path("loadAverage").asDouble() + " at the start, "
                + report.path("loadAverageAtEnd").asDouble() + " at the end");
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        ReportFile.write(dir.resolve("fuel-forks.json"), report);
    }

    private static void print(ObjectNode row, String guest, String build, List<double[]> forks) {
        double[] unmetered = forks.stream().mapToDouble(fork -> fork[0]).toArray();
        double[] metered = forks.stream().mapToDouble(fork -> fork[1]).toArray();
        ForkRatios ratios = ForkRatios.of(unmetered, metered);
        row.put("unmeteredMs", ratios.plainMedianMs());
        row.put("meteredMs", ratios.meteredMedianMs());
        row.put("fuel", ratios.median());
        row.put("lowestForkRatio", ratios.lowest());
        row.put("highestForkRatio", ratios.highest());
        ArrayNode ratioArray = row.putArray("forkRatios");
        Arrays.stream(ratios.ratios()).forEach(ratioArray::add);
        System.out.printf(Locale.ROOT, "%-8s %-9s %11.2f %11.2f %7.3f %7.3f %7.3f%n", guest, build,
                ratios.plainMedianMs(), ratios.meteredMedianMs(), ratios.median(), ratios.lowest(), ratios.highest());
    }

    /** Runs one fork on {@code classPath} and reads its medians: unmetered and metered milliseconds. */
    private static double[] runFork(String classPath, String guest) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-XX:-DontCompileHugeMethods",
                "-Dwarmups=" + Integer.getInteger("warmups", 5), "-Druns=" + Integer.getInteger("runs", 10),
                "-cp", classPath, FuelForkReport.class.getName(), "--fork", guest)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException("the fork for " + guest + " failed: " + output);
        }
        return ReportFile.json().readValue(output.substring(output.lastIndexOf('\n') + 1), double[].class);
    }

    private static PeerReport.Guest guest(String name) {
        return PeerReport.guests().stream().filter(guest -> guest.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no guest " + name));
    }

    /** In the fork: warms up, then prints the medians of unmetered and metered runs timed in turn, as JSON. */
    private static void fork(PeerReport.Guest guest) throws ReflectiveOperationException, IOException {
        ExportFunction unmetered = PeerReport.unmetered(guest.wasm());
        ExportFunction metered = PeerReport.host(guest.wasm());
        if (unmetered.apply(guest.argument())[0] != metered.apply(guest.argument())[0]) {
            throw new IllegalStateException(guest.name() + ": the metered module computes another result");
        }
        Long small = SMALL_ARGUMENTS.get(guest.name());
        for (int call = 0; small != null && call < SMALL_CALLS; call++) {
            unmetered.apply(small);
            metered.apply(small);
        }
        for (int run = 0; run < Integer.getInteger("warmups", 5); run++) {
            unmetered.apply(guest.argument());
            metered.apply(guest.argument());
        }
        int runs = Integer.getInteger("runs", 10);
        double[] unmeteredMs = new double[runs];
        double[] meteredMs = new double[runs];
        for (int run = 0; run < runs; run++) {
            unmeteredMs[run] = cpuMs(unmetered, guest.argument());
            meteredMs[run] = cpuMs(metered, guest.argument());
        }
        System.out.println(ReportFile.json().writeValueAsString(new double[] {PeerReport.median(unmeteredMs), PeerReport.median(meteredMs)}));
    }

    private static double cpuMs(ExportFunction run, long argument) {
        long start = THREADS.getCurrentThreadCpuTime();
        run.apply(argument);
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
    }
}

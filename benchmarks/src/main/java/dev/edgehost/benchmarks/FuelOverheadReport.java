package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link FuelOverheadBenchmark} and reports, per guest, metered / plain as the median of the
 * per-fork ratios with its spread ({@link ForkRatios}), against the target of 1.15 for the real
 * code (SHA-256 and JWT; the WAT loops are reported). Each fork is a fresh JVM, so that one JIT
 * compilation's luck does not decide the result. Writes {@code fuel-overhead.json} to the path
 * given as the first argument (default {@link ReportFile#resultsDir}). System properties:
 * {@code forks} (5), {@code warmups} (5) and {@code iterations} (8) of one second each, and
 * {@code guests} (comma-separated, default all).
 */
public final class FuelOverheadReport {
    static final double TARGET = 1.15;
    private static final Set<String> REAL_CODE = Set.of("sha256", "jwt");

    private FuelOverheadReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path output = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir().resolve("fuel-overhead.json");
        int forks = Integer.getInteger("forks", 5);
        int warmups = Integer.getInteger("warmups", 5);
        int iterations = Integer.getInteger("iterations", 8);
        ObjectNode report = ReportFile.create("fuel overhead, compiler, metered / plain, median of the per-fork ratios of "
                + forks + " forks (fresh JVMs), each the median of " + iterations + " one-second iterations after "
                + warmups + " warm-up iterations");
        OptionsBuilder options = new OptionsBuilder();
        options.include(FuelOverheadBenchmark.class.getSimpleName())
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1));
        String guests = System.getProperty("guests");
        if (guests != null) {
            options.param("guest", guests.split(","));
        }
        Options built = options.build();
        Collection<RunResult> results = new Runner(built).run();

        Map<String, List<List<Double>>> byGuest = new TreeMap<>();
        for (RunResult result : results) {
            String guest = result.getParams().getParam("guest");
            int variant = result.getParams().getParam("variant").equals("plain") ? 0 : 1;
            List<Double> forkMedians = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                forkMedians.add(fork.getPrimaryResult().getStatistics().getPercentile(50));
            }
            byGuest.computeIfAbsent(guest, key -> new ArrayList<>(List.of(List.of(), List.of()))).set(variant, forkMedians);
        }
        report.put("loadAverageAtEnd", ReportFile.loadAverage());
        report.put("target", TARGET);
        ArrayNode rows = report.putArray("guests");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-7s %11s %11s %7s %7s %7s  %s%n",
                "guest", "plain ms", "metered ms", "ratio", "lowest", "highest", "verdict");
        for (Map.Entry<String, List<List<Double>>> entry : byGuest.entrySet()) {
            ForkRatios ratios = ForkRatios.of(array(entry.getValue().get(0)), array(entry.getValue().get(1)));
            ObjectNode row = rows.addObject();
            row.put("guest", entry.getKey());
            row.put("plainMs", ratios.plainMedianMs());
            row.put("meteredMs", ratios.meteredMedianMs());
            row.put("ratio", ratios.median());
            row.put("lowestForkRatio", ratios.lowest());
            row.put("highestForkRatio", ratios.highest());
            putAll(row.putArray("plainForkMs"), ratios.plainMs());
            putAll(row.putArray("meteredForkMs"), ratios.meteredMs());
            putAll(row.putArray("forkRatios"), ratios.ratios());
            String verdict = "reported";
            if (REAL_CODE.contains(entry.getKey())) {
                row.put("meetsTarget", ratios.median() <= TARGET);
                verdict = ratios.median() <= TARGET ? "met" : "missed";
            }
            System.out.printf(Locale.ROOT, "%-7s %11.3f %11.3f %7.3f %7.3f %7.3f  %s%n", entry.getKey(),
                    ratios.plainMedianMs(), ratios.meteredMedianMs(), ratios.median(), ratios.lowest(), ratios.highest(), verdict);
        }
        System.out.println("load average " + report.path("loadAverage").asDouble() + " at the start, "
                + report.path("loadAverageAtEnd").asDouble() + " at the end");
        ReportFile.write(output, report);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void putAll(ArrayNode array, double[] values) {
        for (double value : values) {
            array.add(value);
        }
    }
}

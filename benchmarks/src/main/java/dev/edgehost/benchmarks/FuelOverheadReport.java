package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link FuelOverheadBenchmark} and reports, per guest, the ratio of the medians metered /
 * plain measured in the same run, against the target of 1.15. Three forks, so that one JIT
 * compilation's luck does not decide the result. Writes the results as JSON to the path given as
 * the first argument (default {@code benchmarks/results/fuel-overhead.json}).
 */
public final class FuelOverheadReport {
    static final double TARGET = 1.15;

    private FuelOverheadReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path output = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir().resolve("fuel-overhead.json");
        Options options =
                new OptionsBuilder()
                        .include(FuelOverheadBenchmark.class.getSimpleName())
                        .forks(3)
                        .warmupIterations(5)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(8)
                        .measurementTime(TimeValue.seconds(1))
                        .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> byGuest = new TreeMap<>();
        for (RunResult result : results) {
            String guest = result.getParams().getParam("guest");
            int variant = result.getParams().getParam("variant").equals("plain") ? 0 : 1;
            byGuest.computeIfAbsent(guest, key -> new double[2])[variant] =
                    result.getPrimaryResult().getStatistics().getPercentile(50);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("benchmark", "fuel overhead, compiler, metered / plain, medians of 3 forks x 8 iterations");
        report.put("date", Instant.now().toString());
        report.put("machine", Machine.describe());
        report.put("target", TARGET);
        ArrayNode rows = report.putArray("guests");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-6s %12s %12s %8s %s%n", "guest", "plain ms", "metered ms", "ratio", "target");
        for (Map.Entry<String, double[]> entry : byGuest.entrySet()) {
            double plain = entry.getValue()[0];
            double metered = entry.getValue()[1];
            double ratio = metered / plain;
            ObjectNode row = rows.addObject();
            row.put("guest", entry.getKey());
            row.put("plainMs", plain);
            row.put("meteredMs", metered);
            row.put("ratio", ratio);
            row.put("meetsTarget", ratio <= TARGET);
            System.out.printf(
                    Locale.ROOT, "%-6s %12.3f %12.3f %8.3f %s%n", entry.getKey(), plain, metered, ratio,
                    ratio <= TARGET ? "met" : "missed");
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        json.writeValue(output.toFile(), report);
        System.out.println("written to " + output);
    }
}

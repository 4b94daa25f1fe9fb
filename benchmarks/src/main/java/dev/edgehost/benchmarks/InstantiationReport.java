package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link InstantiationBenchmark} and reports, per guest and engine, the median and p99 time
 * of each way to get a fresh instance, and the host's time as a ratio to plain Chicory's and to
 * the floor, all from the same run, against the targets: at most 0.25 of plain Chicory for the
 * 16-page guest, 0.8 for the 1-page guest, and at most 3 times the floor. Writes JSON and two SVG
 * charts into the directory given as the first argument (default {@code benchmarks/results}).
 */
public final class InstantiationReport {
    static final Map<String, Double> PLAIN_TARGETS = Map.of("16p", 0.25, "1p", 0.8);
    static final double FLOOR_TARGET = 3.0;
    private static final List<String> ENGINES = List.of("compiler", "interpreter");

    private InstantiationReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        Options options =
                new OptionsBuilder()
                        .include(InstantiationBenchmark.class.getSimpleName())
                        .forks(1)
                        // A fixed heap, touched up front: otherwise the baselines, which allocate, would
                        // pay the kernel's first-touch page faults of a fresh heap, not a running host's.
                        .jvmArgsAppend("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch")
                        .warmupIterations(2)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(1))
                        .build();
        write(dir, new Runner(options).run());
    }

    static void write(Path dir, Collection<RunResult> results) throws IOException {
        Map<String, double[]> times = new HashMap<>();
        for (RunResult result : results) {
            Statistics statistics = result.getPrimaryResult().getStatistics();
            times.put(
                    key(result.getParams().getParam("guest"), result.getParams().getParam("engine"), result.getParams().getParam("variant")),
                    new double[] {statistics.getPercentile(50), statistics.getPercentile(99)});
        }
        ObjectNode report = ReportFile.create("fresh instance: host (pooled), host with pooling off, plain Chicory, floor");
        report.put("unit", "microseconds");
        report.put("note", "host = EdgeRuntime.instantiateOnly after a request that wrote to memory; plain = "
                + "Instance.builder(module).build() (+ _initialize if the guest has one); floor = allocate the memory and copy its initial image");
        ArrayNode rows = report.putArray("rows");
        List<SvgChart.Row> vsPlain = new ArrayList<>();
        List<SvgChart.Row> vsFloor = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%n%-10s %-11s %10s %10s %10s %10s %10s %9s %9s %s%n",
                "guest", "engine", "host p50", "host p99", "fresh p50", "plain p50", "floor p50", "/plain", "/floor", "targets");
        for (String engine : ENGINES) {
            for (String guest : InstantiationBenchmark.GUESTS) {
                double[] host = times.get(key(guest, engine, "host"));
                double[] fresh = times.get(key(guest, engine, "fresh"));
                double[] plain = times.get(key(guest, engine, "plain"));
                double[] floor = times.get(key(guest, engine, "floor"));
                if (host == null || fresh == null || plain == null || floor == null) {
                    continue;
                }
                double toPlain = host[0] / plain[0];
                double toFloor = host[0] / floor[0];
                Double plainTarget = PLAIN_TARGETS.get(guest);
                ObjectNode row = rows.addObject();
                row.put("guest", guest);
                row.put("engine", engine);
                put(row, "host", host);
                put(row, "fresh", fresh);
                put(row, "plain", plain);
                put(row, "floor", floor);
                row.put("hostToPlain", toPlain);
                row.put("hostToFloor", toFloor);
                row.put("freshToPlain", fresh[0] / plain[0]);
                String verdict = "floor " + (toFloor <= FLOOR_TARGET ? "met" : "missed");
                if (plainTarget != null) {
                    row.put("plainTarget", plainTarget);
                    row.put("meetsPlainTarget", toPlain <= plainTarget);
                    verdict = "plain " + (toPlain <= plainTarget ? "met" : "missed") + ", " + verdict;
                }
                row.put("floorTarget", FLOOR_TARGET);
                row.put("meetsFloorTarget", toFloor <= FLOOR_TARGET);
                System.out.printf(Locale.ROOT, "%-10s %-11s %10.2f %10.2f %10.2f %10.2f %10.2f %9.3f %9.3f %s%n",
                        guest, engine, host[0], host[1], fresh[0], plain[0], floor[0], toPlain, toFloor, verdict);
                String label = guest + ", " + engine;
                vsPlain.add(new SvgChart.Row(label, new double[] {toPlain, fresh[0] / plain[0]},
                        plainTarget == null ? Double.NaN : plainTarget));
                vsFloor.add(new SvgChart.Row(label, new double[] {toFloor}, FLOOR_TARGET));
            }
        }
        ReportFile.write(dir.resolve("instantiation.json"), report);
        String when = report.path("date").asText().substring(0, 10) + ", " + report.path("machine").asText();
        new SvgChart("Fresh instance, time relative to plain Chicory (median; red: target)", when,
                        List.of("host, pooled", "host, pooling off"))
                .write(dir.resolve("instantiation-vs-plain.svg"), vsPlain, "x");
        new SvgChart("Fresh instance, host time relative to the floor (median; red: target)", when,
                        List.of("host, pooled"))
                .write(dir.resolve("instantiation-vs-floor.svg"), vsFloor, "x");
    }

    private static void put(ObjectNode row, String name, double[] percentiles) {
        row.put(name + "P50", percentiles[0]);
        row.put(name + "P99", percentiles[1]);
    }

    private static String key(String guest, String engine, String variant) {
        return guest + "/" + engine + "/" + variant;
    }
}

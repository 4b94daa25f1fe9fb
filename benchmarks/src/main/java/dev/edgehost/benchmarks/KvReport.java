package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link KvBenchmark} and reports, per backend and operation, the median and p99 time of one
 * operation through a guest and called directly, and the ratio of the medians. Writes JSON and an
 * SVG chart into the directory given as the first argument (default {@code benchmarks/results}).
 */
public final class KvReport {

    private KvReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        Options options =
                new OptionsBuilder()
                        .include(KvBenchmark.class.getSimpleName())
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(2))
                        .build();
        write(dir, new Runner(options).run());
    }

    static void write(Path dir, Collection<RunResult> results) throws IOException {
        ObjectNode report = ReportFile.create(
                "key-value operations per backend: through a guest (" + KvBenchmark.OPERATIONS
                        + " per request, host's real path) and called directly on the backend");
        report.put("unit", "microseconds per operation");
        ArrayNode rows = report.putArray("rows");
        List<SvgChart.Row> chart = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-9s %-5s %10s %10s %10s %10s %7s%n",
                "backend", "op", "guest p50", "guest p99", "direct p50", "direct p99", "ratio");
        for (String backend : List.of("embedded", "redis")) {
            for (String operation : List.of("get", "set", "incr")) {
                Statistics guest = statistics(results, backend, operation, "throughGuest");
                Statistics direct = statistics(results, backend, operation, "direct");
                double guestMedian = guest.getPercentile(50) / KvBenchmark.OPERATIONS;
                double directMedian = direct.getPercentile(50) / KvBenchmark.OPERATIONS;
                ObjectNode row = rows.addObject();
                row.put("backend", backend);
                row.put("operation", operation);
                row.put("guestP50", guestMedian);
                row.put("guestP99", guest.getPercentile(99) / KvBenchmark.OPERATIONS);
                row.put("directP50", directMedian);
                row.put("directP99", direct.getPercentile(99) / KvBenchmark.OPERATIONS);
                row.put("guestOverDirect", guestMedian / directMedian);
                chart.add(new SvgChart.Row(backend + " " + operation, new double[] {guestMedian, directMedian}, Double.NaN));
                System.out.printf(Locale.ROOT, "%-9s %-5s %10.2f %10.2f %10.2f %10.2f %7.2f%n",
                        backend, operation, guestMedian, row.path("guestP99").asDouble(), directMedian,
                        row.path("directP99").asDouble(), guestMedian / directMedian);
            }
        }
        ReportFile.write(dir.resolve("kv.json"), report);
        String when = report.path("date").asText().substring(0, 10) + ", " + report.path("machine").asText();
        new SvgChart("Key-value operation, median per operation", when, List.of("through a guest", "backend called directly"))
                .write(dir.resolve("kv.svg"), chart, " µs");
    }

    private static Statistics statistics(Collection<RunResult> results, String backend, String operation, String method) {
        for (RunResult result : results) {
            if (result.getParams().getParam("backend").equals(backend)
                    && result.getParams().getParam("operation").equals(operation)
                    && result.getParams().getBenchmark().endsWith("." + method)) {
                return result.getPrimaryResult().getStatistics();
            }
        }
        throw new IllegalStateException("no result for " + backend + " " + operation + " " + method);
    }
}

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
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link UploadBenchmark} and reports the median and p99 time from upload to first response
 * per guest, compiled cold and loaded from the disk cache. Writes JSON and an SVG chart into the
 * directory given as the first argument (default {@code benchmarks/results}).
 */
public final class UploadReport {

    private UploadReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        Options options =
                new OptionsBuilder()
                        .include(UploadBenchmark.class.getSimpleName())
                        .forks(1)
                        .warmupIterations(10)
                        .measurementIterations(30)
                        .build();
        write(dir, new Runner(options).run());
    }

    static void write(Path dir, Collection<RunResult> results) throws IOException {
        ObjectNode report = ReportFile.create("upload to first response: deploy (parse, validate, instrument, compile, snapshot) and one request");
        report.put("unit", "milliseconds");
        ArrayNode rows = report.putArray("rows");
        List<SvgChart.Row> chart = new ArrayList<>();
        for (String guest : List.of("hello", "render")) {
            double[] medians = new double[2];
            int column = 0;
            for (String cache : List.of("cold", "disk")) {
                for (RunResult result : results) {
                    if (result.getParams().getParam("guest").equals(guest) && result.getParams().getParam("cache").equals(cache)) {
                        Statistics statistics = result.getPrimaryResult().getStatistics();
                        ObjectNode row = rows.addObject();
                        row.put("guest", guest);
                        row.put("cache", cache);
                        row.put("p50", statistics.getPercentile(50));
                        row.put("p99", statistics.getPercentile(99));
                        medians[column] = statistics.getPercentile(50);
                        System.out.printf(Locale.ROOT, "%-7s %-5s p50 %8.2f ms  p99 %8.2f ms%n",
                                guest, cache, statistics.getPercentile(50), statistics.getPercentile(99));
                    }
                }
                column++;
            }
            chart.add(new SvgChart.Row(guest + (guest.equals("render") ? " (C, 95 KB)" : " (WAT)"), medians, Double.NaN));
        }
        ReportFile.write(dir.resolve("upload.json"), report);
        String when = report.path("date").asText().substring(0, 10) + ", " + report.path("machine").asText();
        new SvgChart("Upload to first response, median", when, List.of("compiled at upload", "compiled code from disk"))
                .write(dir.resolve("upload.svg"), chart, " ms");
    }
}

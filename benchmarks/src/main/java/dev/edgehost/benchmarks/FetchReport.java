package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
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
 * Runs {@link FetchBenchmark} and reports the median and p99 of a fetch round trip through a
 * guest and of the same GET sent directly, and the ratio of the medians. Writes JSON and an SVG
 * chart into the directory given as the first argument (default {@code benchmarks/results}).
 */
public final class FetchReport {

    private FetchReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        Options options =
                new OptionsBuilder()
                        .include(FetchBenchmark.class.getSimpleName())
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
                "fetch round trip to a loopback origin: through a guest (host's real path) and a JDK HTTP client directly");
        report.put("unit", "microseconds");
        Statistics guest = statistics(results, "throughGuest");
        Statistics direct = statistics(results, "direct");
        report.put("guestP50", guest.getPercentile(50));
        report.put("guestP99", guest.getPercentile(99));
        report.put("directP50", direct.getPercentile(50));
        report.put("directP99", direct.getPercentile(99));
        report.put("guestOverDirect", guest.getPercentile(50) / direct.getPercentile(50));
        System.out.printf(Locale.ROOT, "through a guest p50 %8.1f µs  p99 %8.1f µs%n", guest.getPercentile(50), guest.getPercentile(99));
        System.out.printf(Locale.ROOT, "direct          p50 %8.1f µs  p99 %8.1f µs%n", direct.getPercentile(50), direct.getPercentile(99));
        System.out.printf(Locale.ROOT, "ratio of medians %.2f%n", guest.getPercentile(50) / direct.getPercentile(50));
        ReportFile.write(dir.resolve("fetch.json"), report);
        String when = report.path("date").asText().substring(0, 10) + ", " + report.path("machine").asText();
        new SvgChart("Fetch round trip to a loopback origin", when, List.of("median", "p99"))
                .write(dir.resolve("fetch.svg"), List.of(
                        new SvgChart.Row("through a guest", new double[] {guest.getPercentile(50), guest.getPercentile(99)}, Double.NaN),
                        new SvgChart.Row("JDK HTTP client directly", new double[] {direct.getPercentile(50), direct.getPercentile(99)}, Double.NaN)),
                        " µs");
    }

    private static Statistics statistics(Collection<RunResult> results, String method) {
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("." + method)) {
                return result.getPrimaryResult().getStatistics();
            }
        }
        throw new IllegalStateException("no result for " + method);
    }
}

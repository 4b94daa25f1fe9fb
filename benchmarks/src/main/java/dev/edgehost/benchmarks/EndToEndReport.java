package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Requests per second and latency of the bundled hello guest over HTTP, side by side with a bare
 * Undertow handler answering the same bytes, under wrk on loopback, in alternating rounds of the
 * same run. Target: the host serves at least half the bare handler's requests per second. Writes
 * JSON and an SVG chart into the directory given as the first argument (default
 * {@code benchmarks/results}); needs {@code wrk} on the PATH.
 */
public final class EndToEndReport {
    static final double TARGET = 0.5;
    private static final int THREADS = 1;
    private static final int CONNECTIONS = 16;
    private static final int WARMUP_SECONDS = 10;
    private static final int ROUND_SECONDS = 5;
    private static final int ROUNDS = 7;
    private static final long MAX_REQUESTS = 2_000_000;

    private EndToEndReport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        try (EdgeServer host = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).bundledSamples(true).build().start()) {
            String hostUrl = "http://127.0.0.1:" + host.port() + "/hello";
            HttpResponse<byte[]> sample = get(hostUrl);
            String contentType = sample.headers().firstValue("content-type").orElseThrow();
            try (BareServer bare = new BareServer(sample.body(), contentType)) {
                String bareUrl = "http://127.0.0.1:" + bare.port() + "/hello";
                if (!Arrays.equals(sample.body(), get(bareUrl).body())) {
                    throw new IllegalStateException("the bare handler must answer the same bytes");
                }
                run(dir, hostUrl, bareUrl, sample.body().length);
            }
        }
    }

    private static void run(Path dir, String hostUrl, String bareUrl, int bodyBytes)
            throws IOException, InterruptedException {
        Wrk.run(hostUrl, THREADS, CONNECTIONS, WARMUP_SECONDS, MAX_REQUESTS);
        Wrk.run(bareUrl, THREADS, CONNECTIONS, WARMUP_SECONDS, MAX_REQUESTS);
        List<Wrk.Result> hostRounds = new ArrayList<>();
        List<Wrk.Result> bareRounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            hostRounds.add(checked(Wrk.run(hostUrl, THREADS, CONNECTIONS, ROUND_SECONDS, MAX_REQUESTS)));
            bareRounds.add(checked(Wrk.run(bareUrl, THREADS, CONNECTIONS, ROUND_SECONDS, MAX_REQUESTS)));
        }
        double hostRate = median(hostRounds, Wrk.Result::requestsPerSecond);
        double bareRate = median(bareRounds, Wrk.Result::requestsPerSecond);
        // Each host round is compared with the bare round right after it, so that a change in the
        // machine's other load between rounds moves both sides of a ratio alike.
        double[] ratios = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            ratios[round] = hostRounds.get(round).requestsPerSecond() / bareRounds.get(round).requestsPerSecond();
        }
        Arrays.sort(ratios);
        double ratio = ratios[ROUNDS / 2];

        ObjectNode report = ReportFile.create("hello over HTTP: host vs bare Undertow handler, wrk on loopback");
        report.put("load", "wrk -t" + THREADS + " -c" + CONNECTIONS + " -d" + ROUND_SECONDS + "s, at most "
                + MAX_REQUESTS + " requests, " + ROUNDS + " alternating rounds after a " + WARMUP_SECONDS + " s warm-up each; medians of the rounds; ratio: median of the per-round ratios");
        report.put("bodyBytes", bodyBytes);
        report.put("target", TARGET);
        report.put("hostRequestsPerSecond", hostRate);
        report.put("bareRequestsPerSecond", bareRate);
        report.put("ratio", ratio);
        report.put("meetsTarget", ratio >= TARGET);
        report.put("hostP50Millis", median(hostRounds, Wrk.Result::p50Millis));
        report.put("hostP99Millis", median(hostRounds, Wrk.Result::p99Millis));
        report.put("bareP50Millis", median(bareRounds, Wrk.Result::p50Millis));
        report.put("bareP99Millis", median(bareRounds, Wrk.Result::p99Millis));
        ArrayNode rounds = report.putArray("rounds");
        for (int round = 0; round < ROUNDS; round++) {
            ObjectNode row = rounds.addObject();
            row.put("hostRequestsPerSecond", hostRounds.get(round).requestsPerSecond());
            row.put("bareRequestsPerSecond", bareRounds.get(round).requestsPerSecond());
            row.put("hostP99Millis", hostRounds.get(round).p99Millis());
            row.put("bareP99Millis", bareRounds.get(round).p99Millis());
        }
        System.out.printf(Locale.ROOT, "%nhost %.0f req/s (p99 %.2f ms), bare %.0f req/s (p99 %.2f ms), ratio %.3f: %s%n",
                hostRate, report.path("hostP99Millis").asDouble(), bareRate, report.path("bareP99Millis").asDouble(),
                ratio, ratio >= TARGET ? "met" : "missed");
        ReportFile.write(dir.resolve("end-to-end.json"), report);
        String when = report.path("date").asText().substring(0, 10) + ", " + report.path("machine").asText();
        List<String> series = List.of("edge host, hello guest", "bare Undertow handler");
        new SvgChart("hello over HTTP under wrk on loopback, requests/s (red: target, half the bare rate)", when, series)
                .write(dir.resolve("end-to-end.svg"),
                        List.of(new SvgChart.Row("thousands of requests/s", new double[] {hostRate / 1000, bareRate / 1000},
                                bareRate * TARGET / 1000)),
                        "");
        new SvgChart("hello over HTTP under wrk on loopback, latency", when, series)
                .write(dir.resolve("end-to-end-latency.svg"),
                        List.of(new SvgChart.Row("p50 (ms)", new double[] {
                                        report.path("hostP50Millis").asDouble(), report.path("bareP50Millis").asDouble()}, Double.NaN),
                                new SvgChart.Row("p99 (ms)", new double[] {
                                        report.path("hostP99Millis").asDouble(), report.path("bareP99Millis").asDouble()}, Double.NaN)),
                        " ms");
    }

    private static Wrk.Result checked(Wrk.Result result) {
        if (result.errors()) {
            throw new IllegalStateException("errors under load:\n" + result.output());
        }
        return result;
    }

    private static double median(List<Wrk.Result> results, ToDoubleFunction<Wrk.Result> value) {
        double[] values = results.stream().mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }
}

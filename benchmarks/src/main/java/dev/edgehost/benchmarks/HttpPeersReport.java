package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP hello beside its peers, under wrk on loopback at 16 and 64 connections: the host's hello
 * guest, a bare Undertow handler and a Node.js {@code http} server answering the same bytes (when
 * {@code node} is on the PATH), and any other hello URLs given as {@code NAME=URL} arguments (such
 * as another build of the host, for before and after), in interleaved rounds; each target's rate
 * is compared with the bare handler's and Node's of the same round, and the median of those ratios
 * is reported against the targets (at least 0.8 of bare Undertow, at least 1.0 of Node). Writes
 * {@code http-peers.json} ({@link ReportFile#resultsDir}). System properties: {@code rounds} (5), {@code seconds} (5),
 * {@code connections} (16,64), {@code host} (true: serve the hello guest in this JVM too; with
 * false, the bare handler and Node answer the first URL given's bytes).
 */
public final class HttpPeersReport {
    static final double BARE_TARGET = 0.8;
    static final double NODE_TARGET = 1.0;
    private static final long MAX_REQUESTS = 5_000_000;

    private HttpPeersReport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean inProcess = Boolean.parseBoolean(System.getProperty("host", "true"));
        Map<String, String> others = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            others.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        if (!inProcess) {
            run(others);
            return;
        }
        try (EdgeServer host = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).bundledSamples(true).build().start()) {
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("host", "http://127.0.0.1:" + host.port() + "/hello");
            targets.putAll(others);
            run(targets);
        }
    }

    /** Measures the targets beside a bare handler and Node answering the first target's bytes. */
    private static void run(Map<String, String> targets) throws IOException, InterruptedException {
        int rounds = Integer.getInteger("rounds", 5);
        int seconds = Integer.getInteger("seconds", 5);
        int[] connections = Arrays.stream(System.getProperty("connections", "16,64").split(",")).mapToInt(Integer::parseInt).toArray();
        HttpResponse<byte[]> sample = get(targets.values().iterator().next());
        String contentType = sample.headers().firstValue("content-type").orElseThrow();
        try (BareServer bare = new BareServer(sample.body(), contentType);
                NodeHello node = NodeHello.available() ? new NodeHello(sample.body(), contentType) : null) {
            targets.put("bare", "http://127.0.0.1:" + bare.port() + "/hello");
            if (node != null) {
                targets.put("node", "http://127.0.0.1:" + node.port() + "/hello");
            } else {
                System.out.println("node is not on the PATH: the Node.js peer is skipped");
            }
            ObjectNode report = ReportFile.create("hello over HTTP beside bare Undertow and Node.js, wrk on loopback");
            report.put("load", "wrk -t1, " + rounds + " interleaved rounds of " + seconds + " s per connection count; ratios are medians of per-round ratios");
            ArrayNode runs = report.putArray("runs");
            for (int c : connections) {
                runs.add(measure(targets, c, rounds, seconds));
            }
            ReportFile.write(ReportFile.resultsDir().resolve("http-peers.json"), report);
        }
    }

    private static ObjectNode measure(Map<String, String> targets, int connections, int rounds, int seconds)
            throws IOException, InterruptedException {
        for (String url : targets.values()) {
            Wrk.run(url, 1, connections, seconds, MAX_REQUESTS);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        targets.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, String> target : targets.entrySet()) {
                Wrk.Result result = Wrk.run(target.getValue(), 1, connections, seconds, MAX_REQUESTS);
                if (result.errors()) {
                    throw new IllegalStateException(target.getKey() + ": errors under load:\n" + result.output());
                }
                rates.get(target.getKey()).add(result.requestsPerSecond());
            }
        }
        ObjectNode run = ReportFile.json().createObjectNode();
        run.put("connections", connections);
        System.out.printf(Locale.ROOT, "%nwrk -t1 -c%d, %d rounds of %d s (load average %s)%n", connections, rounds, seconds, ReportFile.loadAverage());
        System.out.printf(Locale.ROOT, "%-10s %12s %10s %10s%n", "target", "req/s", "/ bare", "/ node");
        for (String name : targets.keySet()) {
            ObjectNode row = run.putObject(name);
            double rate = median(rates.get(name));
            row.put("requestsPerSecond", rate);
            row.set("rounds", ReportFile.json().valueToTree(rates.get(name)));
            double overBare = medianRatio(rates.get(name), rates.get("bare"));
            row.put("overBare", overBare);
            double overNode = rates.containsKey("node") ? medianRatio(rates.get(name), rates.get("node")) : Double.NaN;
            if (!Double.isNaN(overNode)) {
                row.put("overNode", overNode);
            }
            System.out.printf(Locale.ROOT, "%-10s %12.0f %10.3f %10.3f%n", name, rate, overBare, overNode);
        }
        for (String name : targets.keySet()) {
            if (!name.equals("bare") && !name.equals("node")) {
                ObjectNode row = (ObjectNode) run.get(name);
                boolean met = row.path("overBare").asDouble() >= BARE_TARGET
                        && (!row.has("overNode") || row.path("overNode").asDouble() >= NODE_TARGET);
                row.put("meetsTarget", met);
                System.out.printf(Locale.ROOT, "%s: %s (targets: >= %.1f of bare Undertow, >= %.1f of Node)%n",
                        name, met ? "met" : "missed", BARE_TARGET, NODE_TARGET);
            }
        }
        return run;
    }

    private static double medianRatio(List<Double> values, List<Double> baseline) {
        double[] ratios = new double[values.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = values.get(i) / baseline.get(i);
        }
        Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** The first answer of the URL, waiting up to a minute while a host that has just started deploys its samples (503). */
    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        while (response.statusCode() == 503 && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response;
    }
}

package dev.edgehost.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.compile.HugeMethods;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.server.EdgeHandlers;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JavaScript hello beside the WAT hello in one run, over HTTP to a real server with an
 * in-process client: requests per second with one client thread and with 16, the time from a
 * request's start to the handler's first line, the fuel of one request, and the deploy time of
 * a JavaScript function (the first, which compiles the engine, and later ones, which compile
 * nothing). It runs itself twice as a child JVM, with and without
 * {@code -XX:-DontCompileHugeMethods}, and writes both to {@code javascript.json} in the
 * directory given as the first argument (default {@code benchmarks/results}). Targets: a deploy
 * under 100 ms, and the JavaScript hello at least 0.25 of the WAT hello's requests per second.
 */
public final class JavaScriptReport {
    static final double RATE_TARGET = 0.25;
    static final double DEPLOY_TARGET_MILLIS = 100;
    static final String JS_HELLO = "export default { fetch() { return new Response('Hello from the edge!\\n'); } };";
    /** The first line reads a key, which the benchmark's key-value store timestamps. */
    static final String JS_FIRST_LINE =
            "export default { async fetch(request, env) { await env.KV.get('first-line'); return new Response('ok'); } };";
    static final String WAT_FIRST_LINE =
            "(module (import \"edge\" \"kv_get\" (func $get (param i32 i32 i32 i32) (result i32)))"
                    + " (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                    + " (memory (export \"memory\") 1) (data (i32.const 0) \"first-lineok\")"
                    + " (func (export \"handle\")"
                    + "  (drop (call $get (i32.const 0) (i32.const 10) (i32.const 64) (i32.const 0)))"
                    + "  (drop (call $write (i32.const 10) (i32.const 2)))))";
    private static final String FLAG = "-XX:-DontCompileHugeMethods";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JavaScriptReport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("--child")) {
            Settings settings = Settings.of(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            System.out.println("RESULT " + JSON.writeValueAsString(measure(settings)));
            return;
        }
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        Settings settings = Settings.full();
        ObjectNode report = ReportFile.create("JavaScript hello beside the WAT hello: requests per second over HTTP, time to the handler's first line, fuel, deploy time");
        report.put("load", "in-process HTTP client on loopback, " + settings.rounds + " alternating rounds of " + settings.roundSeconds
                + " s per side after a " + settings.roundSeconds * 2 + " s warm-up each, with 1 and with 16 client threads; medians of the rounds");
        report.put("rateTarget", RATE_TARGET);
        report.put("deployTargetMillis", DEPLOY_TARGET_MILLIS);
        ObjectNode runs = report.putObject("jvm");
        runs.set("withFlag", child(settings, true));
        runs.set("default", child(settings, false));
        JsonNode best = runs.path("withFlag");
        report.put("ratioSerial", best.path("serial").path("ratio").asDouble());
        report.put("ratio16Threads", best.path("threads16").path("ratio").asDouble());
        report.put("deployMillis", best.path("deploy").path("p50Millis").asDouble());
        report.put("meetsRateTarget", best.path("threads16").path("ratio").asDouble() >= RATE_TARGET);
        report.put("meetsDeployTarget", best.path("deploy").path("p50Millis").asDouble() < DEPLOY_TARGET_MILLIS);
        ReportFile.write(dir.resolve("javascript.json"), report);
    }

    /** Runs {@link #measure} in a JVM of its own, with or without the flag, and returns its result. */
    private static JsonNode child(Settings settings, boolean flag) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (flag) {
            command.add(FLAG);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JavaScriptReport.class.getName(), "--child",
                String.valueOf(settings.rounds), String.valueOf(settings.roundSeconds)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("RESULT ")) {
                result = line.substring("RESULT ".length());
            } else if (!line.contains(" INFO ") && !line.contains(" DEBUG ")) {
                System.out.println(line);
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IOException("the measuring JVM " + (flag ? "with " : "without ") + FLAG + " failed");
        }
        JsonNode node = JSON.readTree(result);
        print(flag ? "with " + FLAG : "JVM defaults", node);
        return node;
    }

    private static void print(String jvm, JsonNode node) {
        System.out.printf(Locale.ROOT, "%n%s:%n", jvm);
        for (String load : List.of("serial", "threads16")) {
            JsonNode rates = node.path(load);
            System.out.printf(Locale.ROOT, "  %-9s JS %8.1f req/s, WAT %8.1f req/s, ratio %.4f%n",
                    load, rates.path("jsRequestsPerSecond").asDouble(), rates.path("watRequestsPerSecond").asDouble(), rates.path("ratio").asDouble());
        }
        System.out.printf(Locale.ROOT, "  first line: JS %.3f ms, WAT %.3f ms; fuel JS %d, WAT %d%n",
                node.path("firstLine").path("jsP50Millis").asDouble(), node.path("firstLine").path("watP50Millis").asDouble(),
                node.path("fuel").path("js").asLong(), node.path("fuel").path("wat").asLong());
        System.out.printf(Locale.ROOT, "  deploy: first %.0f ms (compiles the engine), then p50 %.1f ms, p90 %.1f ms%n",
                node.path("deploy").path("firstMillis").asDouble(), node.path("deploy").path("p50Millis").asDouble(),
                node.path("deploy").path("p90Millis").asDouble());
    }

    /** What one JVM measures. */
    static ObjectNode measure(Settings settings) throws IOException, InterruptedException {
        ObjectNode result = JSON.createObjectNode();
        result.put("dontCompileHugeMethods", HugeMethods.jitSkipsHugeMethods());
        FirstLineKv kv = new FirstLineKv();
        try (EdgeHost host = EdgeHost.builder().backend(kv).workers(16).build()) {
            long start = System.nanoTime();
            host.deployScript("js-hello", JS_HELLO, FunctionSettings.defaults());
            double first = (System.nanoTime() - start) / 1e6;
            host.deploy("wat-hello", UploadBenchmark.read("/samples/wat/hello.wasm"), FunctionSettings.defaults());
            host.deployScript("js-first-line", JS_FIRST_LINE, FunctionSettings.defaults());
            host.deploy("wat-first-line", Wat2Wasm.parse(WAT_FIRST_LINE), FunctionSettings.defaults());
            Undertow server =
                    Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(EdgeHandlers.functions(host)).build();
            server.start();
            try {
                Client client = new Client(((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
                result.putObject("fuel").put("js", client.fuel("/js-hello")).put("wat", client.fuel("/wat-hello"));
                for (int threads : new int[] {1, 16}) {
                    ObjectNode rates = result.putObject(threads == 1 ? "serial" : "threads16");
                    rate(client, threads, settings, rates);
                }
                result.set("firstLine", firstLine(client, kv, settings));
            } finally {
                server.stop();
            }
            result.set("deploy", deploys(host, first, settings));
        }
        return result;
    }

    private static void rate(Client client, int threads, Settings settings, ObjectNode out) throws InterruptedException {
        client.requestsPerSecond("/js-hello", threads, settings.roundSeconds * 2);
        client.requestsPerSecond("/wat-hello", threads, settings.roundSeconds * 2);
        double[] js = new double[settings.rounds];
        double[] wat = new double[settings.rounds];
        double[] ratios = new double[settings.rounds];
        ArrayNode rounds = out.putArray("rounds");
        for (int round = 0; round < settings.rounds; round++) {
            js[round] = client.requestsPerSecond("/js-hello", threads, settings.roundSeconds);
            wat[round] = client.requestsPerSecond("/wat-hello", threads, settings.roundSeconds);
            ratios[round] = js[round] / wat[round];
            rounds.addObject().put("jsRequestsPerSecond", js[round]).put("watRequestsPerSecond", wat[round]);
        }
        out.put("clientThreads", threads);
        out.put("jsRequestsPerSecond", median(js));
        out.put("watRequestsPerSecond", median(wat));
        out.put("ratio", median(ratios));
    }

    private static ObjectNode firstLine(Client client, FirstLineKv kv, Settings settings) throws InterruptedException {
        ObjectNode out = JSON.createObjectNode();
        for (String guest : List.of("js", "wat")) {
            double[] millis = new double[settings.rounds * 40];
            for (int i = -20; i < millis.length; i++) {
                long sent = System.nanoTime();
                client.get("/" + guest + "-first-line");
                if (i >= 0) {
                    millis[i] = (kv.lastRead() - sent) / 1e6;
                }
            }
            Arrays.sort(millis);
            out.put(guest + "P50Millis", millis[millis.length / 2]);
            out.put(guest + "P90Millis", millis[millis.length * 9 / 10]);
        }
        return out;
    }

    private static ObjectNode deploys(EdgeHost host, double first, Settings settings) {
        long compilations = HostCore.of(host).runtime().compilations();
        double[] millis = new double[settings.rounds * 5];
        for (int i = -2; i < millis.length; i++) {
            String script = "export default { fetch() { return new Response('deploy " + i + "'); } };";
            long start = System.nanoTime();
            host.deployScript("js-deploy-" + (i + 2), script, FunctionSettings.defaults());
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        ObjectNode out = JSON.createObjectNode();
        out.put("firstMillis", first);
        out.put("p50Millis", millis[millis.length / 2]);
        out.put("p90Millis", millis[millis.length * 9 / 10]);
        out.put("moduleCompilations", HostCore.of(host).runtime().compilations() - compilations);
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** How long to measure: the documented run, or a quick one for the harness test. */
    record Settings(int rounds, int roundSeconds) {
        static Settings full() {
            return new Settings(3, 5);
        }

        static Settings of(int rounds, int roundSeconds) {
            return new Settings(rounds, roundSeconds);
        }
    }

    /** An HTTP client on loopback, one connection per thread. */
    static final class Client {
        private final int port;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Client(int port) {
            this.port = port;
        }

        HttpResponse<byte[]> get(String path) {
            try {
                HttpResponse<byte[]> response =
                        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
                return response;
            } catch (IOException e) {
                throw new IllegalStateException(path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        long fuel(String path) {
            String timing = get(path).headers().firstValue("server-timing").orElseThrow();
            int at = timing.indexOf("fuel;desc=\"") + "fuel;desc=\"".length();
            return Long.parseLong(timing.substring(at, timing.indexOf('"', at)));
        }

        double requestsPerSecond(String path, int threads, int seconds) throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Future<Long>> counts = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    long done = 0;
                    while (running.get()) {
                        get(path);
                        done++;
                    }
                    return done;
                }));
            }
            Thread.sleep(seconds * 1000L);
            running.set(false);
            long total = 0;
            for (Future<Long> count : counts) {
                try {
                    total += count.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a client thread failed", e.getCause());
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            return total / elapsed;
        }
    }

    /** The embedded store, timestamping each read: the handler's first line in the first-line guests. */
    static final class FirstLineKv implements Backend {
        private final MvStoreKvBackend store = MvStoreKvBackend.inMemory();
        private volatile long lastRead;
        private final KvBackend kv =
                new KvBackend() {
                    @Override
                    public byte[] get(String namespace, byte[] key) {
                        lastRead = System.nanoTime();
                        return store.get(namespace, key);
                    }

                    @Override
                    public void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
                        store.set(namespace, key, value, ttlSeconds);
                    }

                    @Override
                    public boolean delete(String namespace, byte[] key) {
                        return store.delete(namespace, key);
                    }

                    @Override
                    public long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
                        return store.increment(namespace, key, delta, ttlSeconds);
                    }

                    @Override
                    public List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
                        return store.list(namespace, prefix, after, limit);
                    }

                    @Override
                    public void close() {
                        store.close();
                    }
                };

        long lastRead() {
            return lastRead;
        }

        @Override
        public FunctionRepository functions() {
            return null;
        }

        @Override
        public KvBackend kv() {
            return kv;
        }

        @Override
        public String describe() {
            return "in memory, timestamping reads";
        }

        @Override
        public void close() {
            kv.close();
        }
    }
}

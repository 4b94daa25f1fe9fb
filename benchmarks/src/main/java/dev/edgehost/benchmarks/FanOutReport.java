package dev.edgehost.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Concurrent fetches and the fetch cache, in one run of about a minute, each as a ratio measured
 * round by round (the machine is shared, so only ratios taken side by side mean much):
 * (a) a guest fetching three loopback origins that answer after 50 ms each, one {@code fetch} after
 * another and with {@code fetch_start} and {@code fetch_wait}, against a direct GET of one such
 * origin (target: concurrent at most 1.3 times the slowest origin); (b) a guest fetch answered from
 * the host's HTTP cache against one that misses it (target: the hit at least 10 times faster);
 * (c) that missing guest fetch against the same GET sent with a JDK HTTP client (target: at most
 * 1.3); (d) the cost of one fetch itself, beside the request around it: guests that fetch the same
 * URL {@value #FETCHES_PER_REQUEST} times a request, hits and misses, less a request that fetches
 * nothing, divided by the fetches (target: a hit at least 10 times faster). Writes {@code fan-out.json} into the directory given as the first argument (default
 * {@link ReportFile#resultsDir()}). Single-threaded use only.
 */
public final class FanOutReport {
    private static final int ROUNDS = 5;
    private static final int SLOW_PER_ROUND = 8;
    private static final int FAST_PER_ROUND = 1000;
    private static final long DELAY_MS = 50;
    /** Fetches per request in (d), so that each one's cost stands out from the request's. */
    static final int FETCHES_PER_REQUEST = 100;
    private static final int REPEATED_PER_ROUND = 40;

    private final EdgeRuntime runtime =
            new EdgeRuntime(null, 1L << 30, MvStoreKvBackend.inMemory(), new FetchClients(), RuntimeOptions.defaults());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final GuestRequest request = new GuestRequest("GET", "http://localhost/fan-out", List.of(), new byte[0]);

    private FanOutReport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        FanOutReport report = new FanOutReport();
        try {
            report.run(dir);
        } finally {
            report.runtime.close();
        }
    }

    private void run(Path dir) throws IOException, InterruptedException {
        List<Undertow> origins = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                origins.add(origin(DELAY_MS, "no-store"));
            }
            Undertow fast = origin(0, "no-store");
            Undertow cacheable = origin(0, "max-age=3600");
            origins.add(fast);
            origins.add(cacheable);
            List<String> slow = origins.subList(0, 3).stream().map(FanOutReport::base).toList();
            Deployment sequential = deploy("fan-out-sequential", fanOutGuest(slow, false), slow);
            Deployment concurrent = deploy("fan-out-concurrent", fanOutGuest(slow, true), slow);
            Deployment miss = deploy("fetch-miss", FetchBenchmark.guest(base(fast) + "/data"), List.of(base(fast)));
            Deployment hit = deploy("fetch-hit", FetchBenchmark.guest(base(cacheable) + "/data"), List.of(base(cacheable)));
            Deployment missMany = deploy("fetch-miss-many", repeatGuest(base(fast) + "/data", FETCHES_PER_REQUEST), List.of(base(fast)));
            Deployment hitMany = deploy("fetch-hit-many", repeatGuest(base(cacheable) + "/data", FETCHES_PER_REQUEST), List.of(base(cacheable)));
            Deployment none = deploy("fetch-none", repeatGuest(base(cacheable) + "/data", 0), List.of(base(cacheable)));
            HttpRequest slowDirect = HttpRequest.newBuilder(URI.create(slow.get(0) + "/data")).build();
            HttpRequest fastDirect = HttpRequest.newBuilder(URI.create(base(fast) + "/data")).build();

            // Warm-up: compiles the guests, opens the connections, fills the cache, lets the JIT settle.
            for (int i = 0; i < 3; i++) {
                invoke(sequential);
                invoke(concurrent);
                direct(slowDirect);
            }
            for (int i = 0; i < 2000; i++) {
                invoke(miss);
                invoke(hit);
                direct(fastDirect);
            }
            for (int i = 0; i < 200; i++) {
                invoke(missMany);
                invoke(hitMany);
                invoke(none);
            }

            double[] sequentialMs = new double[ROUNDS];
            double[] concurrentMs = new double[ROUNDS];
            double[] slowestMs = new double[ROUNDS];
            double[] missUs = new double[ROUNDS];
            double[] hitUs = new double[ROUNDS];
            double[] directUs = new double[ROUNDS];
            double[] missPerFetchUs = new double[ROUNDS];
            double[] hitPerFetchUs = new double[ROUNDS];
            double[] noFetchUs = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long[] s = new long[SLOW_PER_ROUND];
                long[] c = new long[SLOW_PER_ROUND];
                long[] d = new long[SLOW_PER_ROUND];
                for (int i = 0; i < SLOW_PER_ROUND; i++) {
                    s[i] = time(() -> invoke(sequential));
                    c[i] = time(() -> invoke(concurrent));
                    d[i] = time(() -> direct(slowDirect));
                }
                sequentialMs[round] = median(s) / 1e6;
                concurrentMs[round] = median(c) / 1e6;
                slowestMs[round] = median(d) / 1e6;
                long[] m = new long[FAST_PER_ROUND];
                long[] h = new long[FAST_PER_ROUND];
                long[] j = new long[FAST_PER_ROUND];
                for (int i = 0; i < FAST_PER_ROUND; i++) {
                    m[i] = time(() -> invoke(miss));
                    h[i] = time(() -> invoke(hit));
                    j[i] = time(() -> direct(fastDirect));
                }
                missUs[round] = median(m) / 1e3;
                hitUs[round] = median(h) / 1e3;
                directUs[round] = median(j) / 1e3;
                long[] mm = new long[REPEATED_PER_ROUND];
                long[] hm = new long[REPEATED_PER_ROUND];
                long[] n = new long[REPEATED_PER_ROUND];
                for (int i = 0; i < REPEATED_PER_ROUND; i++) {
                    mm[i] = time(() -> invoke(missMany));
                    hm[i] = time(() -> invoke(hitMany));
                    n[i] = time(() -> invoke(none));
                }
                noFetchUs[round] = median(n) / 1e3;
                missPerFetchUs[round] = (median(mm) - median(n)) / 1e3 / FETCHES_PER_REQUEST;
                hitPerFetchUs[round] = (median(hm) - median(n)) / 1e3 / FETCHES_PER_REQUEST;
            }

            ObjectNode report = ReportFile.create(
                    "concurrent fetches and the fetch cache: fan-out to three 50 ms loopback origins, a cache hit against a miss, a guest fetch against a direct JDK GET");
            report.put("rounds", ROUNDS);
            report.put("originDelayMs", DELAY_MS);
            Ratio fanOut = ratio(report, "concurrentOverSlowestOrigin", concurrentMs, slowestMs, 1.3, false);
            Ratio sequentialOverConcurrent = ratio(report, "sequentialOverConcurrent", sequentialMs, concurrentMs, Double.NaN, false);
            Ratio cache = ratio(report, "missOverHit", missUs, hitUs, 10, true);
            Ratio guest = ratio(report, "guestOverDirect", missUs, directUs, 1.3, false);
            report.put("fetchesPerRequest", FETCHES_PER_REQUEST);
            Ratio perFetch = ratio(report, "missOverHitPerFetch", missPerFetchUs, hitPerFetchUs, 10, true);
            report.set("sequentialMs", ReportFile.json().valueToTree(sequentialMs));
            report.set("concurrentMs", ReportFile.json().valueToTree(concurrentMs));
            report.set("slowestOriginMs", ReportFile.json().valueToTree(slowestMs));
            report.set("missUs", ReportFile.json().valueToTree(missUs));
            report.set("hitUs", ReportFile.json().valueToTree(hitUs));
            report.set("directUs", ReportFile.json().valueToTree(directUs));
            report.set("missPerFetchUs", ReportFile.json().valueToTree(missPerFetchUs));
            report.set("hitPerFetchUs", ReportFile.json().valueToTree(hitPerFetchUs));
            report.set("noFetchRequestUs", ReportFile.json().valueToTree(noFetchUs));
            System.out.printf(Locale.ROOT, "per-round medians, load average %.2f%n", report.path("loadAverage").asDouble());
            System.out.printf(Locale.ROOT, "(a) sequential %s ms, concurrent %s ms, slowest origin directly %s ms%n",
                    Arrays.toString(sequentialMs), Arrays.toString(concurrentMs), Arrays.toString(slowestMs));
            System.out.println("    concurrent / slowest origin " + fanOut.describe("at most"));
            System.out.println("    sequential / concurrent     " + sequentialOverConcurrent.describe(""));
            System.out.printf(Locale.ROOT, "(b) miss %s µs, hit %s µs%n", Arrays.toString(missUs), Arrays.toString(hitUs));
            System.out.println("    miss / hit                  " + cache.describe("at least"));
            System.out.printf(Locale.ROOT, "(c) guest %s µs, direct %s µs%n", Arrays.toString(missUs), Arrays.toString(directUs));
            System.out.println("    guest / direct              " + guest.describe("at most"));
            System.out.printf(Locale.ROOT, "(d) per fetch, %d a request: miss %s µs, hit %s µs (a request without fetches %s µs)%n",
                    FETCHES_PER_REQUEST, Arrays.toString(missPerFetchUs), Arrays.toString(hitPerFetchUs), Arrays.toString(noFetchUs));
            System.out.println("    miss / hit per fetch        " + perFetch.describe("at least"));
            ReportFile.write(dir.resolve("fan-out.json"), report);
        } finally {
            origins.forEach(Undertow::stop);
        }
    }

    /** A ratio's median over the rounds, its spread (lowest and highest round) and its verdict. */
    private record Ratio(double median, double low, double high, double target, boolean atLeast) {
        String describe(String bound) {
            String verdict = Double.isNaN(target) ? ""
                    : String.format(Locale.ROOT, "  target %s %.1f: %s", bound, target, met() ? "met" : "missed");
            return String.format(Locale.ROOT, "%.2f (rounds %.2f to %.2f)%s", median, low, high, verdict);
        }

        boolean met() {
            return atLeast ? median >= target : median <= target;
        }
    }

    private static Ratio ratio(ObjectNode report, String name, double[] over, double[] under, double target, boolean atLeast) {
        double[] ratios = new double[over.length];
        for (int i = 0; i < over.length; i++) {
            ratios[i] = over[i] / under[i];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        Ratio ratio = new Ratio(sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], target, atLeast);
        ObjectNode node = report.putObject(name);
        node.put("median", ratio.median());
        node.put("low", ratio.low());
        node.put("high", ratio.high());
        if (!Double.isNaN(target)) {
            node.put("target", target);
            node.put("met", ratio.met());
        }
        return ratio;
    }

    private Deployment deploy(String name, String wat, List<String> allowed) {
        FunctionSettings.Builder settings = FunctionSettings.builder()
                .engine(Engine.COMPILER)
                .limits(FunctionLimits.builder().fetchMaxRequests(FETCHES_PER_REQUEST).build());
        allowed.forEach(settings::allowFetch);
        return runtime.deploy(name, Wat2Wasm.parse(wat), settings.build(), false).deployment();
    }

    private void invoke(Deployment deployment) {
        byte[] body = runtime.invoke(deployment, request, "benchmark", (level, message) -> { }, new InvocationStats()).body();
        if (body.length == 0) {
            throw new IllegalStateException("the guest answered nothing");
        }
    }

    private void direct(HttpRequest get) {
        try {
            client.send(get, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static String base(Undertow origin) {
        return "http://127.0.0.1:" + ((InetSocketAddress) origin.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** A loopback origin that answers every GET after the delay with a small body and that Cache-Control. */
    static Undertow origin(long delayMs, String cacheControl) {
        ByteBuffer body = ByteBuffer.wrap(FetchBenchmark.ORIGIN_BODY);
        HttpHandler answer = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws InterruptedException {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                Thread.sleep(delayMs);
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
                exchange.getResponseSender().send(body.duplicate());
            }
        };
        Undertow undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(8).setHandler(answer).build();
        undertow.start();
        return undertow;
    }

    /**
     * A guest that GETs the URL {@code count} times, one {@code fetch} after another, reads each
     * body and closes it, traps unless every answer is a 200 with a body, and answers "ok".
     */
    static String repeatGuest(String url, int count) {
        return "(module\n"
                + "  (import \"edge\" \"fetch\" (func $fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_status\" (func $status (param i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_body_read\" (func $read (param i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_close\" (func $close (param i32) (result i32)))\n"
                + "  (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))\n"
                + "  (memory (export \"memory\") 1)\n"
                + "  (data (i32.const 0) \"GET\")\n"
                + "  (data (i32.const 8) \"ok\")\n"
                + "  (data (i32.const 16) \"" + url + "\")\n"
                + "  (func (export \"handle\") (local $i i32) (local $response i32)\n"
                + "    (block $done\n"
                + "      (loop $next\n"
                + "        (br_if $done (i32.ge_u (local.get $i) (i32.const " + count + ")))\n"
                + "        (local.set $response (call $fetch (i32.const 0) (i32.const 3) (i32.const 16) (i32.const " + url.length() + ")\n"
                + "          (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))\n"
                + "        (if (i32.lt_s (local.get $response) (i32.const 0)) (then unreachable))\n"
                + "        (if (i32.ne (call $status (local.get $response)) (i32.const 200)) (then unreachable))\n"
                + "        (if (i32.le_s (call $read (local.get $response) (i32.const 1024) (i32.const 4096)) (i32.const 0)) (then unreachable))\n"
                + "        (drop (call $close (local.get $response)))\n"
                + "        (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
                + "        (br $next)))\n"
                + "    (drop (call $write (i32.const 8) (i32.const 2)))))\n";
    }

    /**
     * A guest that GETs each URL, one {@code fetch} after another or all started with
     * {@code fetch_start} before any {@code fetch_wait}, traps unless every answer is a 200, and
     * answers "ok".
     */
    static String fanOutGuest(List<String> bases, boolean concurrent) {
        StringBuilder wat = new StringBuilder("(module\n")
                .append("  (import \"edge\" \"fetch\" (func $fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))\n")
                .append("  (import \"edge\" \"fetch_start\" (func $start (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))\n")
                .append("  (import \"edge\" \"fetch_wait\" (func $wait (param i32) (result i32)))\n")
                .append("  (import \"edge\" \"fetch_status\" (func $status (param i32) (result i32)))\n")
                .append("  (import \"edge\" \"fetch_close\" (func $close (param i32) (result i32)))\n")
                .append("  (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))\n")
                .append("  (memory (export \"memory\") 1)\n")
                .append("  (data (i32.const 0) \"GET\")\n")
                .append("  (data (i32.const 8) \"ok\")\n");
        List<String> urls = bases.stream().map(base -> base + "/data").toList();
        for (int i = 0; i < urls.size(); i++) {
            wat.append("  (data (i32.const ").append(1024 + 256 * i).append(") \"").append(urls.get(i)).append("\")\n");
        }
        wat.append("  (func $check (param $h i32)\n")
                .append("    (if (i32.lt_s (local.get $h) (i32.const 0)) (then unreachable))\n")
                .append("    (if (i32.ne (call $status (local.get $h)) (i32.const 200)) (then unreachable))\n")
                .append("    (drop (call $close (local.get $h))))\n")
                .append("  (func (export \"handle\") (local $h0 i32) (local $h1 i32) (local $h2 i32)\n");
        String call = concurrent ? "$start" : "$fetch";
        for (int i = 0; i < urls.size(); i++) {
            wat.append("    (local.set $h").append(i).append(" (call ").append(call)
                    .append(" (i32.const 0) (i32.const 3) (i32.const ").append(1024 + 256 * i)
                    .append(") (i32.const ").append(urls.get(i).length())
                    .append(") (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))\n");
            if (!concurrent) {
                wat.append("    (call $check (local.get $h").append(i).append("))\n");
            }
        }
        if (concurrent) {
            for (int i = 0; i < urls.size(); i++) {
                wat.append("    (if (i32.ne (call $wait (local.get $h").append(i).append(")) (i32.const 0)) (then unreachable))\n")
                        .append("    (call $check (local.get $h").append(i).append("))\n");
            }
        }
        wat.append("    (drop (call $write (i32.const 8) (i32.const 2)))))\n");
        return wat.toString();
    }
}

package dev.edgehost.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.server.EdgeServer;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A 100 MiB origin body proxied to the client through the host, streamed: a core module that
 * starts the fetch, flushes its response and writes each chunk it reads ({@code fetch_start},
 * {@code resp_flush}, {@code fetch_body_read}, {@code resp_write}), and a JavaScript function that
 * returns the fetched response, against the same download sent directly with the JDK's HTTP
 * client, in alternating rounds in one process: time to the first byte, throughput, and the heap
 * kept: the most the heap held after a garbage collection during the download (sampled every
 * 5 ms) above what it held after one before it, so garbage does not count, only what is kept. Writes {@code proxy.json} into
 * the directory given as the first argument (default {@link ReportFile#resultsDir()}).
 * Single-threaded use only.
 */
public final class ProxyReport {
    static final long BODY_BYTES = 100L << 20;
    private static final int ROUNDS = 5;
    private static final String JS_PROXY = "export default { fetch: (request, env) => fetch(env.origin + '/large') };";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
            .toList();

    /** One download: milliseconds to the first byte and to the end, and the heap it kept. */
    record Download(double firstByteMs, double totalMs, long heapBytes) {
        double mibPerSecond() {
            return (BODY_BYTES / (double) (1 << 20)) / (totalMs / 1000);
        }
    }

    private ProxyReport() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        new ProxyReport().run(dir);
    }

    /** A guest that streams the origin's body at {@code url} to its client, 64 KiB at a time. */
    static String proxyGuest(String url) {
        return "(module\n"
                + "  (import \"edge\" \"fetch_start\" (func $start (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_body_read\" (func $read (param i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"resp_flush\" (func $flush (result i32)))\n"
                + "  (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))\n"
                + "  (memory (export \"memory\") 2)\n"
                + "  (data (i32.const 0) \"GET\")\n"
                + "  (data (i32.const 16) \"" + url + "\")\n"
                + "  (func (export \"handle\") (local $handle i32) (local $n i32)\n"
                + "    (local.set $handle (call $start (i32.const 0) (i32.const 3) (i32.const 16) (i32.const " + url.length() + ")\n"
                + "      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))\n"
                + "    (if (i32.lt_s (local.get $handle) (i32.const 0)) (then unreachable))\n"
                + "    (drop (call $flush))\n"
                + "    (block $end (loop $next\n"
                + "      (local.set $n (call $read (local.get $handle) (i32.const 65536) (i32.const 65536)))\n"
                + "      (br_if $end (i32.eqz (local.get $n)))\n"
                + "      (if (i32.lt_s (local.get $n) (i32.const 0)) (then unreachable))\n"
                + "      (drop (call $write (i32.const 65536) (local.get $n)))\n"
                + "      (br $next)))))\n";
    }

    private void run(Path dir) throws IOException, InterruptedException {
        Undertow origin = origin();
        String originUrl = "http://127.0.0.1:" + ((InetSocketAddress) origin.getListenerInfo().get(0).getAddress()).getPort();
        try (EdgeServer host = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).bundledSamples(false).build().start()) {
            String settings = "fetch-allow=" + URLEncoder.encode(originUrl, StandardCharsets.UTF_8)
                    + "&max-response-body=" + (BODY_BYTES + 1) + "&fetch-max-response-bytes=" + (BODY_BYTES + 1)
                    + "&timeout-ms=120000&fuel=100000000000";
            deploy(host, "proxy", "application/wasm", Wat2Wasm.parse(proxyGuest(originUrl + "/large")), settings);
            deploy(host, "js-proxy", "application/javascript", JS_PROXY.getBytes(StandardCharsets.UTF_8),
                    settings + "&config.origin=" + URLEncoder.encode(originUrl, StandardCharsets.UTF_8));
            String[] names = {"direct", "module", "javascript"};
            String[] urls = {originUrl + "/large", "http://127.0.0.1:" + host.port() + "/proxy",
                "http://127.0.0.1:" + host.port() + "/js-proxy"};
            for (String url : urls) {
                download(url);
            }
            Download[][] rounds = new Download[names.length][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < names.length; i++) {
                    rounds[i][round] = download(urls[i]);
                }
                System.out.printf(Locale.ROOT, "round %d: direct %.0f MiB/s, module %.0f MiB/s, javascript %.0f MiB/s%n", round + 1,
                        rounds[0][round].mibPerSecond(), rounds[1][round].mibPerSecond(), rounds[2][round].mibPerSecond());
            }
            write(dir, names, rounds);
        } finally {
            origin.stop();
        }
    }

    private void write(Path dir, String[] names, Download[][] rounds) throws IOException {
        ObjectNode report = ReportFile.create("a 100 MiB origin body proxied through the host, streamed, against a direct JDK client download");
        report.put("runs", ROUNDS + " alternating rounds after one warm-up download each; medians, with the lowest and highest round");
        report.put("bodyBytes", BODY_BYTES);
        ArrayNode rows = report.putArray("downloads");
        double directRate = median(rounds[0], Download::mibPerSecond);
        System.out.printf(Locale.ROOT, "%-11s %12s %10s %12s %14s%n", "path", "first byte", "MiB/s", "of direct", "kept heap MiB");
        for (int i = 0; i < names.length; i++) {
            ObjectNode row = rows.addObject();
            row.put("path", names[i]);
            putSpread(row, "firstByteMs", rounds[i], Download::firstByteMs);
            putSpread(row, "mibPerSecond", rounds[i], Download::mibPerSecond);
            putSpread(row, "keptHeapMiB", rounds[i], download -> download.heapBytes() / (double) (1 << 20));
            double[] ofDirect = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                ofDirect[round] = rounds[i][round].mibPerSecond() / rounds[0][round].mibPerSecond();
            }
            Arrays.sort(ofDirect);
            row.put("throughputOfDirect", ofDirect[ROUNDS / 2]);
            System.out.printf(Locale.ROOT, "%-11s %9.1f ms %10.0f %12.2f %14.1f%n", names[i], median(rounds[i], Download::firstByteMs),
                    median(rounds[i], Download::mibPerSecond), ofDirect[ROUNDS / 2],
                    median(rounds[i], download -> download.heapBytes() / (double) (1 << 20)));
        }
        report.put("directMibPerSecond", directRate);
        ReportFile.write(dir.resolve("proxy.json"), report);
    }

    private void deploy(EdgeServer host, String name, String contentType, byte[] body, String settings)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host.adminPort() + "/functions/" + name + "?" + settings))
                .header("content-type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("deploying " + name + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** Downloads the URL's body, reading and dropping it, while a thread samples the heap. */
    private Download download(String url) throws IOException, InterruptedException {
        System.gc();
        long before = keptHeap();
        HeapSampler sampler = HeapSampler.start(this::keptHeap);
        long start = System.nanoTime();
        long firstByte = 0;
        long received = 0;
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 << 10];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                if (received == 0 && read > 0) {
                    firstByte = System.nanoTime();
                }
                received += read;
            }
        }
        long end = System.nanoTime();
        long peak = sampler.stop();
        if (response.statusCode() != 200 || received != BODY_BYTES) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " with " + received + " bytes");
        }
        return new Download((firstByte - start) / 1e6, (end - start) / 1e6, Math.max(0, peak - before));
    }

    /** The heap in use after the last collection, summed over the heap's pools. */
    private long keptHeap() {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            used += pool.getCollectionUsage().getUsed();
        }
        return used;
    }

    /** An origin that sends {@link #BODY_BYTES} of zeros from one reused 64 KiB buffer. */
    private static Undertow origin() {
        HttpHandler large = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws IOException {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, BODY_BYTES);
                byte[] chunk = new byte[64 << 10];
                try (OutputStream body = exchange.getOutputStream()) {
                    for (long sent = 0; sent < BODY_BYTES; sent += chunk.length) {
                        body.write(chunk, 0, (int) Math.min(chunk.length, BODY_BYTES - sent));
                    }
                }
            }
        };
        Undertow undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(large).build();
        undertow.start();
        return undertow;
    }

    private interface Measure {
        double of(Download download);
    }

    private static double median(Download[] downloads, Measure measure) {
        double[] values = Arrays.stream(downloads).mapToDouble(measure::of).sorted().toArray();
        return values[values.length / 2];
    }

    private static void putSpread(ObjectNode row, String field, Download[] downloads, Measure measure) {
        double[] values = Arrays.stream(downloads).mapToDouble(measure::of).sorted().toArray();
        row.put(field, values[values.length / 2]);
        row.put(field + "Lowest", values[0]);
        row.put(field + "Highest", values[values.length - 1]);
    }
}

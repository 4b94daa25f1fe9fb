package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Well-behaved functions under attack: clients call {@code hello} and {@code kv-counter} alone
 * for a while (the baseline), then for as long again while hostile guests run beside them
 * (infinite loops, memory hogs, deep recursion, huge responses, header floods, key-value floods,
 * fetch storms, clients trickling request bodies), whose clients run in a process of their own
 * ({@link HostileClients}), as attackers are other clients than the users. Reports the well-behaved functions' success
 * rate, throughput (against the target of a quarter of it alone), latency and requests by function
 * in both phases, where the process's CPU time went in each by group of threads, and the host's
 * heap and thread count before and after. Loopback
 * only; stops by itself. Arguments: the results directory (default {@code benchmarks/results}) and
 * the seconds per phase (default 20).
 */
public final class ChaosReport {
    private static final int WELL_BEHAVED_CLIENTS = 2;
    private static final int SLOW_BODY_CLIENTS = 8;
    /** Well-behaved requests under attack, as a share of those alone, that fair sharing must keep. */
    private static final double THROUGHPUT_TARGET = 0.25;
    private static final Map<String, String> HOSTILE =
            Map.of(
                    "loop", "timeout-ms=300&fuel=" + FunctionLimits.MAX_FUEL,
                    "memory-hog", "memory-pages=256",
                    "recursion", "",
                    "huge-response", "",
                    "header-flood", "",
                    "kv-flood", "",
                    "fetch-storm", "");

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final EdgeServer server;

    private ChaosReport(EdgeServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        long phaseMillis = TimeUnit.SECONDS.toMillis(args.length > 1 ? Long.parseLong(args[1]) : 20);
        Path dataDir = Files.createTempDirectory("edge-chaos");
        try (BareServer origin = new BareServer("ok".getBytes(StandardCharsets.US_ASCII), "text/plain");
                EdgeServer server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).dataDir(dataDir).build().start()) {
            new ChaosReport(server).run(dir, phaseMillis, "http://127.0.0.1:" + origin.port());
        }
        System.exit(0);
    }

    private void run(Path dir, long phaseMillis, String origin) throws Exception {
        deploy("hello", "");
        deploy("kv-counter", "");
        deploy("echo", "");
        for (Map.Entry<String, String> guest : HOSTILE.entrySet()) {
            String settings = guest.getKey().equals("fetch-storm")
                    ? "config.url=" + origin + "/&fetch-allow=" + origin
                    : guest.getValue();
            deploy(guest.getKey(), settings);
            get("/" + guest.getKey());
        }
        Phase warmUp = wellBehaved(Math.min(phaseMillis, 5_000), null);
        System.out.printf(Locale.ROOT, "warm-up: %d requests%n", warmUp.latenciesMicros.length);
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = hostThreads();

        Phase baseline = wellBehaved(phaseMillis, ThreadCpu.start());
        Phase chaos;
        HostileClients.Result attack;
        try (HostileClients attackers = HostileClients.start(server.port(), List.copyOf(HOSTILE.keySet()), SLOW_BODY_CLIENTS)) {
            chaos = wellBehaved(phaseMillis, ThreadCpu.start());
            attack = attackers.stop();
        }
        Thread.sleep(2_000);
        long heapAfter = usedHeapAfterGc();
        int threadsAfter = hostThreads();

        ObjectNode report = ReportFile.create("well-behaved functions alone and beside hostile guests, same run");
        report.put("secondsPerPhase", phaseMillis / 1000);
        report.set("baseline", baseline.json(report.objectNode()));
        report.set("underAttack", chaos.json(report.objectNode()));
        long hostileRequests = attack.requests();
        report.put("hostileRequests", hostileRequests);
        report.put("hostileRequestsPerSecond", Math.round(hostileRequests * 10_000.0 / phaseMillis) / 10.0);
        // By guest and status: how much each got to run, and how often the host refused it.
        Map<String, Map<Integer, Long>> byGuest = attack.byGuest();
        ObjectNode hostile = report.putObject("hostileByGuest");
        byGuest.forEach((guest, statuses) -> {
            ObjectNode counts = hostile.putObject(guest);
            statuses.forEach((status, count) -> counts.put(String.valueOf(status), count));
        });
        report.put("successRateTarget", 0.999);
        report.put("meetsTarget", chaos.successRate() >= 0.999);
        double share = (double) chaos.latenciesMicros.length / Math.max(1, baseline.latenciesMicros.length);
        report.put("throughputUnderAttack", Math.round(share * 1000) / 1000.0);
        report.put("throughputTarget", THROUGHPUT_TARGET);
        report.put("meetsThroughputTarget", share >= THROUGHPUT_TARGET);
        // Where the CPU went in each phase, by group of threads: what the hostile guests cost, and where.
        ObjectNode cpu = report.putObject("cpuMillis");
        ThreadCpu.json(cpu.putObject("baseline"), baseline.cpuMillis());
        ThreadCpu.json(cpu.putObject("underAttack"), chaos.cpuMillis());
        // The attackers' own process: on the same cores, but not in the host's process.
        report.put("hostileClientsCpuMillis", attack.cpuMillis());
        report.put("heapBeforeMiB", heapBefore >> 20);
        report.put("heapAfterMiB", heapAfter >> 20);
        report.put("threadsBefore", threadsBefore);
        report.put("threadsAfter", threadsAfter);
        System.out.printf(Locale.ROOT, "alone:        %s%nunder attack: %s (%.1f %% of alone, target %.0f %%: %s)%n"
                        + "hostile requests %d %s (their process: %d ms CPU); heap %d -> %d MiB; threads %d -> %d%nCPU alone:        %s%nCPU under attack: %s%n",
                baseline, chaos, 100.0 * share, 100.0 * THROUGHPUT_TARGET, share >= THROUGHPUT_TARGET ? "met" : "MISSED",
                hostileRequests, byGuest, attack.cpuMillis(), heapBefore >> 20, heapAfter >> 20, threadsBefore, threadsAfter,
                ThreadCpu.describe(baseline.cpuMillis()), ThreadCpu.describe(chaos.cpuMillis()));
        ReportFile.write(dir.resolve("chaos.json"), report);
    }

    /**
     * Latencies of the well-behaved requests of one phase, how many failed, how many each function
     * answered, and where the process's CPU time went meanwhile.
     */
    private record Phase(long[] latenciesMicros, long failures, Map<String, Long> byFunction, Map<String, Long> cpuMillis) {
        double successRate() {
            return latenciesMicros.length == 0 ? 0 : 1.0 - (double) failures / latenciesMicros.length;
        }

        double percentileMillis(double percentile) {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(percentile * sorted.length))] / 1000.0;
        }

        ObjectNode json(ObjectNode node) {
            node.put("requests", latenciesMicros.length);
            node.put("failures", failures);
            node.put("successRate", successRate());
            node.put("p50Ms", percentileMillis(0.50));
            node.put("p99Ms", percentileMillis(0.99));
            byFunction.forEach(node.putObject("requestsByFunction")::put);
            return node;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests %s, success %.5f, p50 %.2f ms, p99 %.2f ms",
                    latenciesMicros.length, byFunction, successRate(), percentileMillis(0.50), percentileMillis(0.99));
        }
    }

    private Phase wellBehaved(long millis, ThreadCpu cpu) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(WELL_BEHAVED_CLIENTS, named("well-behaved-client-"));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < WELL_BEHAVED_CLIENTS; i++) {
            String path = i % 2 == 0 ? "/hello" : "/kv-counter";
            results.add(clients.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                long failures = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status = get(path);
                    latencies.add((System.nanoTime() - start) / 1000);
                    failures += status == 200 ? 0 : 1;
                }
                long[] row = new long[latencies.size() + 1];
                row[0] = failures;
                for (int j = 0; j < latencies.size(); j++) {
                    row[j + 1] = latencies.get(j);
                }
                return row;
            }));
        }
        List<Long> all = new ArrayList<>();
        long failures = 0;
        Map<String, Long> byFunction = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            long[] row = results.get(i).get();
            byFunction.merge(i % 2 == 0 ? "hello" : "kv-counter", row.length - 1L, Long::sum);
            failures += row[0];
            for (int j = 1; j < row.length; j++) {
                all.add(row[j]);
            }
        }
        // Read before the clients' threads end, which would take their CPU time with them.
        Map<String, Long> cpuMillis = cpu == null ? Map.of() : cpu.millisByGroup();
        clients.shutdown();
        return new Phase(all.stream().mapToLong(Long::longValue).toArray(), failures, byFunction, cpuMillis);
    }

    private int get(String path) {
        try {
            HttpResponse<InputStream> response =
                    client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void deploy(String name, String settings) throws IOException, InterruptedException {
        byte[] wasm = UploadBenchmark.read("/samples/wat/" + name + ".wasm");
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/functions/" + name + "?" + settings))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(wasm)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new UncheckedIOException(new IOException("deploy of " + name + " failed: " + response.body()));
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger ids = new AtomicInteger();
        return task -> new Thread(task, prefix + ids.incrementAndGet());
    }

    /**
     * Live threads but the HTTP client's, which this report starts itself, and Undertow's task
     * threads, a pool that grows on demand up to its fixed size and shrinks when idle.
     */
    private static int hostThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> !name.startsWith("HttpClient") && !name.matches("XNIO-\\d+ task-\\d+") && !name.startsWith("well-behaved-client-"))
                .count();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

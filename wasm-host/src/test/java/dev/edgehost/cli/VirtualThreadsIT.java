package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged host on Java 21 or later, in a child JVM of such a JDK ({@link NewerJdk}): requests
 * run on virtual threads, the bundled self-fetching {@code jwt-auth} under 64 clients gets no
 * {@code 504} and {@code hello} keeps serving beside it; then the same run on the carrier pool
 * ({@code -Dedge.virtual-threads=false}) on the same JDK, and both measurements printed side by
 * side (the Java 17 twin is {@code SelfFetchUnderLoadTest}). Skipped where no such JDK is found.
 */
class VirtualThreadsIT {
    private static final String DEMO_TOKEN =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIiwibmFtZSI6IkRlbW8gVXNlciJ9"
                    + ".K7J2QBGvmiVv8mCEr0i4d0qRjlopVcUbcFIgpcvk0uM";
    private static final int CLIENTS = 64;
    private static final int HELLO_CLIENTS = 4;
    private static final long MEASURE_MILLIS = 3_000;

    private static Path jar;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("edge.jar", "target/edge-host.jar"));
        assertTrue(Files.isRegularFile(jar), "run through `mvn verify`, which builds " + jar);
    }

    /** One mode's measurement. */
    private record Measured(String mode, double helloAlone, double helloDuring, double jwtRate, long jwtP50, long jwtP99,
                            Map<Integer, Long> jwtStatuses, Map<Integer, Long> helloStatuses, long carriersMax, long platformThreadsPeak) {
        String line() {
            return String.format("%-8s hello alone %5.0f req/s, beside %d jwt-auth clients %5.0f req/s (%.2f of alone); jwt-auth %4.0f req/s,"
                            + " p50 %d ms, p99 %d ms, statuses %s; edge_carriers max %d, platform threads peak %d",
                    mode, helloAlone, CLIENTS, helloDuring, helloDuring / helloAlone, jwtRate, jwtP50, jwtP99, jwtStatuses,
                    carriersMax, platformThreadsPeak);
        }
    }

    @Test
    void java21_virtualThreads_jwtAuthUnder64Clients_noTimeouts_andHelloKeepsServing_beside_theCarrierPool(@TempDir Path workDir)
            throws Exception {
        Optional<Path> java = NewerJdk.find(21);
        assumeTrue(java.isPresent(), "no JDK of Java 21 or later found: set -D" + NewerJdk.PROPERTY + " or " + NewerJdk.ENV
                + " to one's home to run this test");

        // A first start compiles the JavaScript engine into the data dir; the runs measured reuse
        // it. Then rounds in the order virtual, platform, platform, virtual, so that neither
        // mode has the machine's quieter or busier moments to itself.
        measure(java.get(), workDir, true, false);
        List<Measured> rounds = new ArrayList<>();
        for (boolean virtualThreads : new boolean[] {true, false, false, true}) {
            rounds.add(measure(java.get(), workDir, virtualThreads, true));
        }
        System.out.println("on " + java.get() + ", load average " + loadAverage() + ":");
        rounds.forEach(round -> System.out.println(round.line()));

        for (Measured measured : rounds) {
            assertEquals(Map.of(200, total(measured.jwtStatuses())), measured.jwtStatuses(),
                    measured.mode() + ": every jwt-auth request answered 200, none 504");
            assertEquals(Map.of(200, total(measured.helloStatuses())), measured.helloStatuses(), measured.mode() + ": every hello answered 200");
            assertTrue(measured.helloDuring() > 0.05 * measured.helloAlone(), measured.mode() + ": hello keeps serving: " + measured.line());
        }
    }

    /** One run of the host in a mode; with {@code load} false, only started until ready and stopped. */
    private Measured measure(Path java, Path workDir, boolean virtualThreads, boolean load) throws Exception {
        int port = freePort();
        int opsPort = freePort();
        Path log = workDir.resolve("serve-" + (virtualThreads ? "virtual" : "platform") + "-" + System.nanoTime() + ".log");
        Process serve =
                new ProcessBuilder(java.toString(), "-XX:-DontCompileHugeMethods", "-Dedge.virtual-threads=" + virtualThreads,
                        "-jar", jar.toAbsolutePath().toString(), "serve", "--port", String.valueOf(port),
                        "--admin-port", String.valueOf(freePort()), "--ops-port", String.valueOf(opsPort))
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            awaitReady(port, serve, log);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(output.contains(virtualThreads ? "requests run on virtual threads" : "requests run on platform threads"),
                    "the host says what its requests run on: " + output);
            assertTrue(metric(opsPort, "edge_virtual_threads") == (virtualThreads ? 1 : 0), "the gauge says it too");
            if (!load) {
                return null;
            }

            HttpRequest jwt = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jwt-auth/orders?x=1"))
                    .header("authorization", "Bearer " + DEMO_TOKEN).build();
            HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build();
            HttpResponse<String> first = client.send(jwt, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.body().contains("x-edge-subrequest-depth: 1\n"), "echo ran as a subrequest: " + first.body());
            Load warm = Load.start(client, hello, HELLO_CLIENTS);
            Thread.sleep(MEASURE_MILLIS / 2);
            warm.stop();

            Load helloAlone = Load.start(client, hello, HELLO_CLIENTS);
            Thread.sleep(MEASURE_MILLIS);
            helloAlone.stop();

            Load jwtLoad = Load.start(client, jwt, CLIENTS);
            Thread.sleep(1_000);
            jwtLoad.latencies.clear();
            long jwtBefore = total(jwtLoad.summary());
            Load helloDuring = Load.start(client, hello, HELLO_CLIENTS);
            long carriersMax = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MEASURE_MILLIS);
            while (System.nanoTime() < until) {
                carriersMax = Math.max(carriersMax, metric(opsPort, "edge_carriers"));
                Thread.sleep(100);
            }
            helloDuring.stop();
            long jwtDuring = total(jwtLoad.summary()) - jwtBefore;
            long[] latencies = jwtLoad.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            jwtLoad.stop();
            long threadsPeak = metric(opsPort, "jvm_threads_peak_threads");
            return new Measured(virtualThreads ? "virtual" : "platform",
                    helloAlone.count(200) * 1000.0 / MEASURE_MILLIS, helloDuring.count(200) * 1000.0 / MEASURE_MILLIS,
                    jwtDuring * 1000.0 / MEASURE_MILLIS, percentile(latencies, 50), percentile(latencies, 99),
                    jwtLoad.summary(), helloDuring.summary(), carriersMax, threadsPeak);
        } finally {
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    /** Clients sending one request over and over, counting statuses and latencies. */
    private static final class Load {
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stopped = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        static Load start(HttpClient client, HttpRequest request, int clients) {
            Load load = new Load();
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(() -> {
                    while (!load.stopped.get()) {
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = -1;
                        } catch (InterruptedException e) {
                            return;
                        }
                        load.latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        load.statuses.computeIfAbsent(status, code -> new LongAdder()).increment();
                    }
                });
                thread.start();
                load.threads.add(thread);
            }
            return load;
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        long count(int status) {
            LongAdder adder = statuses.get(status);
            return adder == null ? 0 : adder.sum();
        }

        Map<Integer, Long> summary() {
            Map<Integer, Long> summary = new TreeMap<>();
            statuses.forEach((status, adder) -> summary.put(status, adder.sum()));
            return summary;
        }
    }

    private long metric(int opsPort, String name) throws IOException, InterruptedException {
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private void awaitReady(int port, Process process, Path log) throws InterruptedException, IOException {
        for (int attempt = 0; attempt < 3000; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError("the host exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the host was not ready within 300 s");
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static long total(Map<Integer, Long> statuses) {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

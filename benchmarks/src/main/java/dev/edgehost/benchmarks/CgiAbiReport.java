package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-request time of the same C logic served two ways, side by side in one run: the CGI program
 * {@code wasi/c-cgi} (a WASI command: environment, stdin and stdout, {@code _start} per request)
 * and its ABI twin {@code c/c-abi} (a reactor exporting {@code handle}, reading the request through
 * the edge ABI), both built by the samples' scripts. Each request is a POST with a query, three
 * headers and a 1 KiB body, whose JSON answer is the same from both. Per engine, rounds alternate
 * the two, and each round's medians give a ratio CGI / ABI (the machine is shared: the ratio taken
 * within a round is what means much). Also the fuel each uses and the split into instantiation and
 * execution. Writes {@code cgi-vs-abi.json} into the directory given as the first argument
 * (default {@link ReportFile#resultsDir()}); the second names the engines, such as {@code
 * compiler} (default {@code compiler,interpreter}). Single-threaded use only.
 */
public final class CgiAbiReport {
    private static final int ROUNDS = 7;
    private static final int PER_ROUND = 500;
    private static final int WARM_UP = 3000;

    /** One runtime each, so that both serve under the same name and see the same request. */
    private final EdgeRuntime cgiRuntime = runtime();
    private final EdgeRuntime abiRuntime = runtime();
    private final byte[] body = new byte[1024];
    private final List<Map.Entry<String, String>> headers = List.of(
            Map.entry("user-agent", "cgi-vs-abi/1"),
            Map.entry("content-type", "text/plain"),
            Map.entry("content-length", String.valueOf(body.length)));

    private CgiAbiReport() {
        Arrays.fill(body, (byte) 'x');
    }

    /** A request reads its body once, so each invocation gets its own; the same path below each function's name. */
    private GuestRequest request() {
        return new GuestRequest("POST", "http://localhost/fn/a/b?x=1&y=two", headers, body);
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : ReportFile.resultsDir();
        List<Engine> engines = args.length > 1
                ? Arrays.stream(args[1].split(",")).map(engine -> Engine.valueOf(engine.toUpperCase(Locale.ROOT))).toList()
                : List.of(Engine.COMPILER, Engine.INTERPRETER);
        CgiAbiReport report = new CgiAbiReport();
        try {
            report.run(dir, engines);
        } finally {
            report.cgiRuntime.close();
            report.abiRuntime.close();
        }
    }

    private void run(Path dir, List<Engine> engines) throws IOException {
        byte[] cgiModule = read("/samples/wasi/c-cgi/c-cgi.wasm");
        byte[] abiModule = read("/samples/c/c-abi/c-abi.wasm");
        ObjectNode report = ReportFile.create(
                "the same C logic as a CGI program (wasi/c-cgi, _start per request) and as an ABI guest (c/c-abi, handle):"
                        + " per-request time and fuel of a 1 KiB POST, side by side per round");
        report.put("rounds", ROUNDS);
        report.put("requestsPerRound", PER_ROUND);
        report.put("cgiModuleBytes", cgiModule.length);
        report.put("abiModuleBytes", abiModule.length);
        System.out.printf(Locale.ROOT, "load average %.2f; per-round medians in µs%n", ReportFile.loadAverage());
        for (Engine engine : engines) {
            Deployment cgi = deploy(cgiRuntime, cgiModule, engine);
            Deployment abi = deploy(abiRuntime, abiModule, engine);
            checkSameAnswer(cgi, abi);
            for (int i = 0; i < WARM_UP / (engine == Engine.COMPILER ? 1 : 10); i++) {
                invoke(cgi, new InvocationStats());
                invoke(abi, new InvocationStats());
            }
            int perRound = engine == Engine.COMPILER ? PER_ROUND : PER_ROUND / 5;
            Side cgiSide = new Side(ROUNDS);
            Side abiSide = new Side(ROUNDS);
            for (int round = 0; round < ROUNDS; round++) {
                measure(cgi, cgiSide, round, perRound);
                measure(abi, abiSide, round, perRound);
            }
            String id = engine.name().toLowerCase(Locale.ROOT);
            ObjectNode node = report.putObject(id);
            cgiSide.put(node.putObject("cgi"));
            abiSide.put(node.putObject("abi"));
            double[] ratios = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                ratios[round] = cgiSide.totalUs[round] / abiSide.totalUs[round];
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            ObjectNode ratio = node.putObject("cgiOverAbi");
            ratio.put("median", sorted[ROUNDS / 2]);
            ratio.put("low", sorted[0]);
            ratio.put("high", sorted[ROUNDS - 1]);
            System.out.printf(Locale.ROOT, "%s: cgi %s, abi %s%n", id, Arrays.toString(cgiSide.totalUs),
                    Arrays.toString(abiSide.totalUs));
            System.out.printf(Locale.ROOT, "    cgi / abi %.2f (rounds %.2f to %.2f); fuel cgi %d, abi %d%n",
                    sorted[ROUNDS / 2], sorted[0], sorted[ROUNDS - 1], cgiSide.fuel, abiSide.fuel);
            System.out.printf(Locale.ROOT, "    instantiate cgi %.1f, abi %.1f; execute cgi %.1f, abi %.1f µs (median round)%n",
                    median(cgiSide.instantiateUs), median(abiSide.instantiateUs), median(cgiSide.executeUs),
                    median(abiSide.executeUs));
            cgiRuntime.undeploy("fn");
            abiRuntime.undeploy("fn");
        }
        ReportFile.write(dir.resolve("cgi-vs-abi.json"), report);
    }

    /** The medians of one way of serving, round by round, and the fuel of one request. */
    private static final class Side {
        final double[] totalUs;
        final double[] instantiateUs;
        final double[] executeUs;
        long fuel;

        Side(int rounds) {
            totalUs = new double[rounds];
            instantiateUs = new double[rounds];
            executeUs = new double[rounds];
        }

        void put(ObjectNode node) {
            node.put("medianUs", median(totalUs));
            node.put("instantiateUs", median(instantiateUs));
            node.put("executeUs", median(executeUs));
            node.put("fuel", fuel);
            node.set("roundsUs", ReportFile.json().valueToTree(totalUs));
        }
    }

    private void measure(Deployment deployment, Side side, int round, int requests) {
        long[] total = new long[requests];
        long[] instantiate = new long[requests];
        long[] execute = new long[requests];
        for (int i = 0; i < requests; i++) {
            InvocationStats stats = new InvocationStats();
            long start = System.nanoTime();
            invoke(deployment, stats);
            total[i] = System.nanoTime() - start;
            instantiate[i] = stats.instantiateNanos();
            execute[i] = stats.executeNanos();
            side.fuel = stats.fuelUsed();
        }
        side.totalUs[round] = median(total) / 1e3;
        side.instantiateUs[round] = median(instantiate) / 1e3;
        side.executeUs[round] = median(execute) / 1e3;
    }

    /** Both answer the same JSON, so the comparison is of the same work. */
    private void checkSameAnswer(Deployment cgi, Deployment abi) throws IOException {
        JsonNode fromCgi = ReportFile.json().readTree(invoke(cgi, new InvocationStats()));
        JsonNode fromAbi = ReportFile.json().readTree(invoke(abi, new InvocationStats()));
        if (!fromCgi.equals(fromAbi)) {
            throw new IllegalStateException("the two answer differently:\n" + fromCgi + "\n" + fromAbi);
        }
    }

    private static EdgeRuntime runtime() {
        return new EdgeRuntime(null, 1L << 30, MvStoreKvBackend.inMemory(), new FetchClients(), RuntimeOptions.defaults());
    }

    private static Deployment deploy(EdgeRuntime runtime, byte[] module, Engine engine) {
        FunctionSettings settings = FunctionSettings.builder().engine(engine).build();
        return runtime.deploy("fn", module, settings, false).deployment();
    }

    private byte[] invoke(Deployment deployment, InvocationStats stats) {
        EdgeRuntime runtime = deployment.description().mode() == FunctionMode.CGI ? cgiRuntime : abiRuntime;
        GuestResponse response = runtime.invoke(deployment, request(), "benchmark", (level, message) -> { }, stats);
        if (response.status() != 200) {
            throw new IllegalStateException(deployment.name() + " answered " + response.status() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = CgiAbiReport.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the benchmarks jar lacks " + resource + ": build it with mvn package");
            }
            return in.readAllBytes();
        }
    }
}

package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.testhost.TestHost;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench} on real guests in process, and over HTTP against a real server. */
class BenchCommandTest {
    private static final Path SAMPLES = Path.of("..", "guest-sdk-samples");
    private static final String[] SHORT = {"--requests", "20", "--warmup", "5", "--instances", "20"};

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(all.toArray(String[]::new));
    }

    private JsonNode benchJson(String... args) throws IOException {
        Path json = dir.resolve("bench.json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SHORT));
        all.addAll(List.of("--json", json.toString()));
        assertEquals(0, bench(all.toArray(String[]::new)), () -> "out: " + out + "\nerr: " + err);
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void bench_wasmModule_printsEveryNumberAndWritesThemAsJson() throws IOException {
        Path module = Files.write(dir.resolve("hello.wasm"), TestHost.sample("hello"));

        JsonNode json = benchJson(module.toString(), "--concurrency", "2");

        assertEquals("wasm", json.path("kind").asText());
        assertTrue(json.path("deployMillis").asDouble() > 0, json::toString);
        assertEquals(20, json.path("instance").path("host").path("count").asInt(), json::toString);
        assertEquals(20, json.path("instance").path("plain").path("count").asInt(), json::toString);
        assertTrue(json.path("instance").path("hostOverPlainP50").asDouble() > 0, json::toString);
        JsonNode requests = json.path("requests");
        assertEquals(20, requests.path("count").asInt());
        assertEquals(2, requests.path("concurrency").asInt());
        assertEquals(20, requests.path("outcomes").path("200").asInt(), json::toString);
        assertTrue(requests.path("fuel").path("p50").asLong() > 0, json::toString);
        JsonNode latency = requests.path("latencyMillis");
        assertTrue(latency.path("p50").asDouble() > 0 && latency.path("p50").asDouble() <= latency.path("p99").asDouble()
                && latency.path("p99").asDouble() <= latency.path("max").asDouble(), json::toString);
        assertTrue(requests.path("requestsPerSecond").asDouble() > 0, json::toString);
        String text = out.toString();
        for (String line : List.of("deploy (check, meter, compile)", "fresh instance, host path", "fresh instance, plain Chicory",
                "host / plain Chicory, p50", "latency", "fuel", "throughput", "outcomes                          200: 20")) {
            assertTrue(text.contains(line), () -> line + " in:\n" + text);
        }
        assertEquals("", err.toString(), "no progress line when not on a terminal");
    }

    @Test
    void bench_watText_isCompiledFirst() throws IOException {
        assumeTrue(onPath("wat2wasm"), "wat2wasm (wabt) is not on the PATH");

        JsonNode json = benchJson(SAMPLES.resolve("wat/hello.wat").toString());

        assertEquals("wat", json.path("kind").asText());
        assertEquals(20, json.path("requests").path("outcomes").path("200").asInt(), json::toString);
    }

    @Test
    void bench_script_measuresTheHostPathAndSaysWhyNotPlainChicory() throws IOException {
        JsonNode json = benchJson(SAMPLES.resolve("javascript/ab-test/ab-test.js").toString());

        assertEquals("script", json.path("kind").asText());
        assertEquals(20, json.path("instance").path("host").path("count").asInt(), json::toString);
        assertTrue(json.path("instance").path("plainMissing").asText().contains("JavaScript engine"), json::toString);
        assertEquals(20, json.path("requests").path("outcomes").path("200").asInt(), json::toString);
    }

    @Test
    void bench_guestTraps_countsTheOutcome() throws IOException {
        Path module = Files.write(dir.resolve("trap.wasm"), TestHost.sample("trap"));

        JsonNode json = benchJson(module.toString());

        assertEquals(20, json.path("requests").path("outcomes").path("500 trap").asInt(), json::toString);
    }

    @Test
    void bench_url_drivesARunningHostOverHttp() throws IOException {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");

            JsonNode json = benchJson("--url", host.uri("/hello").toString(), "--concurrency", "4");

            JsonNode requests = json.path("requests");
            assertEquals(20, requests.path("outcomes").path("200").asInt(), json::toString);
            assertEquals(4, requests.path("concurrency").asInt());
            assertTrue(requests.path("fuel").path("p50").asLong() > 0, "from server-timing: " + json);
            assertEquals(20, json.path("instance").path("host").path("count").asInt(), json::toString);
        }
    }

    @Test
    void bench_fileAndUrl_isRefused() {
        assertEquals(2, bench("hello.wasm", "--url", "http://127.0.0.1:1/hello"));
        assertTrue(err.toString().contains("give FILE"), err::toString);
    }

    @Test
    void bench_noSuchFile_fails() {
        assertEquals(1, bench(dir.resolve("missing.wasm").toString()));
        assertTrue(err.toString().contains("no such file"), err::toString);
    }

    @Test
    void progressLine_onATerminal_isRewrittenInPlaceAndCleared() {
        StringWriter terminal = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(terminal), true);
        line.done();
        line.show("requests", 4);
        line.clear();

        assertEquals("\rrequests 1/4 (25%)\r" + " ".repeat(18) + "\r", terminal.toString());
    }

    @Test
    void rank_nearestRank_picksTheSampleAtOrAboveTheShare() {
        long[] samples = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        Timings timings = Timings.of(samples);

        assertEquals(5, timings.p50());
        assertEquals(9, timings.p90());
        assertEquals(10, timings.p99());
        assertEquals(10, timings.max());
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }
}

package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code edge-host.jar} run as the README says: {@code serve} on its defaults
 * answers {@code /hello}, {@code deploy} uploads, SIGTERM stops it, and a restart serves again.
 */
class EdgeHostJarIT {
    private static final Map<Process, Path> LOGS = new ConcurrentHashMap<>();
    private static Path jar;
    private static Path samples;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("edge.jar", "target/edge-host.jar"));
        samples = Path.of(System.getProperty("edge.samples", "../guest-sdk-samples/wat"));
        assertTrue(Files.isRegularFile(jar), "run through `mvn verify`, which builds " + jar);
    }

    @Test
    void serveDeployStopRestart_behaveAsDocumented(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Process serve = serve(workDir, port, adminPort);
        try {
            awaitAnswer(port, serve);
            assertEquals("200 Hello from the edge!\n", get(port, "/hello"));

            Process deploy =
                    start(workDir, "deploy", "greeter", samples.resolve("config.wasm").toString(),
                            "--admin", "http://127.0.0.1:" + adminPort, "--config", "greeting=from the jar");
            assertTrue(deploy.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, deploy.exitValue(), output(deploy));
            assertEquals("200 from the jar", get(port, "/greeter"));

            assertTrue(get(port, "/js-ab-test").startsWith("200 "), "a bundled JavaScript sample answers");
            Path script = workDir.resolve("hello.js");
            Files.writeString(script, "export default { fetch: (request, env) => new Response('js ' + env.who) };");
            Process deployScript =
                    start(workDir, "deploy", "hello-js", script.toString(), "--admin", "http://127.0.0.1:" + adminPort, "--config", "who=jar", "--json");
            assertTrue(deployScript.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, deployScript.exitValue(), output(deployScript));
            assertTrue(output(deployScript).contains("\"kind\":\"javascript\""), output(deployScript));
            assertEquals("200 js jar", get(port, "/hello-js"));
            assertTrue(!output(serve).contains("DontCompileHugeMethods"), "no warning about the JIT with the flag set");
        } finally {
            serve.destroy();
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the host");
        assertTrue(Files.isRegularFile(workDir.resolve("edge-data/functions/greeter.json")));

        Process again = serve(workDir, port, adminPort);
        try {
            awaitAnswer(port, again);
            assertEquals("200 from the jar", get(port, "/greeter"));
            assertEquals("200 js jar", get(port, "/hello-js"));
        } finally {
            again.destroy();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedHost_losesNoAcknowledgedWrite(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Process serve = serve(workDir, port, adminPort);
        int acknowledged = 0;
        try {
            awaitAnswer(port, serve);
            Process deploy =
                    start(workDir, "deploy", "counter", samples.resolve("kv-counter.wasm").toString(),
                            "--admin", "http://127.0.0.1:" + adminPort);
            assertTrue(deploy.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, deploy.exitValue(), output(deploy));
            for (int i = 1; i <= 25; i++) {
                assertEquals("200 " + i, get(port, "/counter"));
                acknowledged = i;
            }
        } finally {
            serve.destroyForcibly();
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));

        Process again = serve(workDir, port, adminPort);
        try {
            awaitAnswer(port, again);
            assertEquals("200 " + (acknowledged + 1), get(port, "/counter"), "every acknowledged count survived kill -9");
        } finally {
            again.destroy();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedDuringConcurrentDeploysAndWrites_losesNothingAcknowledged(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        byte[] config = Files.readAllBytes(samples.resolve("config.wasm"));
        byte[] counter = Files.readAllBytes(samples.resolve("kv-counter.wasm"));
        Process serve = serve(workDir, port, adminPort);
        Set<Integer> deployed = ConcurrentHashMap.newKeySet();
        Set<Integer> written = ConcurrentHashMap.newKeySet();
        AtomicInteger counted = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            awaitAnswer(port, serve);
            assertEquals(201, admin(adminPort, "PUT", "/functions/visits", counter));
            AtomicBoolean running = new AtomicBoolean(true);
            writers.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    if (admin(adminPort, "PUT", "/functions/fn-" + i + "?config.greeting=deploy-" + i, config) == 201) {
                        deployed.add(i);
                    }
                }
                return null;
            });
            writers.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    if (admin(adminPort, "PUT", "/functions/visits/kv/key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8)) == 204) {
                        written.add(i);
                    }
                }
                return null;
            });
            writers.submit(() -> {
                while (running.get()) {
                    if (get(port, "/visits").startsWith("200 ")) {
                        counted.incrementAndGet();
                    }
                }
                return null;
            });
            Thread.sleep(2_000);
            serve.destroyForcibly();
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
            running.set(false);
        } finally {
            serve.destroyForcibly();
            writers.shutdown();
            assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
        }
        assertTrue(deployed.size() > 0 && written.size() > 0 && counted.get() > 0,
                () -> "the writers got nothing done: " + deployed.size() + " deploys, " + written.size() + " writes, " + counted.get() + " counts");

        Process again = serve(workDir, port, adminPort);
        try {
            awaitAnswer(port, again);
            for (int i : deployed) {
                assertEquals("200 deploy-" + i, get(port, "/fn-" + i), "acknowledged deploy fn-" + i + " survived kill -9");
            }
            for (int i : written) {
                assertEquals("200 value-" + i, adminGet(adminPort, "/functions/visits/kv/key-" + i), "acknowledged write key-" + i);
            }
            long next = Long.parseLong(get(port, "/visits").substring(4));
            // A count may have been stored but not acknowledged when the host died, never the other way round.
            assertTrue(next >= counted.get() + 1 && next <= counted.get() + 2, () -> "counter went on at " + next + " after " + counted.get());
        } finally {
            again.destroy();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private int admin(int adminPort, String method, String path, byte[] body) throws InterruptedException {
        try {
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException hostGone) {
            return -1;
        }
    }

    private String adminGet(int adminPort, String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void sigterm_letsTheRequestInFlightFinish(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Path slow = workDir.resolve("slow.wasm");
        Files.write(slow, Wat2Wasm.parse(
                "(module (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                        + " (memory (export \"memory\") 1) (data (i32.const 0) \"ok\")"
                        + " (func (export \"handle\") (local $i i32)"
                        + "  (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                        + "   (br_if $l (i32.lt_u (local.get $i) (i32.const 6000000))))"
                        + "  (drop (call $write (i32.const 0) (i32.const 2)))))"));
        Process serve = serve(workDir, port, adminPort);
        try {
            awaitAnswer(port, serve);
            Process deploy =
                    start(workDir, "deploy", "slow", slow.toString(), "--engine", "interpreter",
                            "--limit", "timeout-ms=60000", "--admin", "http://127.0.0.1:" + adminPort);
            assertTrue(deploy.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, deploy.exitValue(), output(deploy));
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(port, "/slow");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);

            serve.destroy();

            assertEquals("200 ok", inFlight.get(60, TimeUnit.SECONDS));
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "the host exits after draining");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void serve_jsonLogFormat_everyStdoutLineIsOneJsonObject(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        int opsPort = freePort();
        Path stdout = workDir.resolve("stdout.log");
        Process serve =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                                jar.toAbsolutePath().toString(), "serve", "--port", String.valueOf(port), "--admin-port",
                                String.valueOf(adminPort), "--log-format", "json", "--ops-host", "127.0.0.1", "--ops-port",
                                String.valueOf(opsPort), "--kv-timeout", "100ms")
                        .directory(workDir.toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(workDir.resolve("stderr.log").toFile())
                        .start();
        try {
            awaitAnswer(port, serve);
            // The listener answers before the samples that call the host itself are deployed and "serving" is logged.
            awaitLine(stdout, "\"event\":\"serving\"", serve);
            assertEquals("200 done", get(port, "/wasi"));
            assertTrue(get(port, "/no-such-function").startsWith("404 "));
            assertEquals(201, admin(adminPort, "PUT", "/functions/greeter?config.greeting=hi",
                    Files.readAllBytes(samples.resolve("config.wasm"))));
            assertEquals(204, admin(adminPort, "DELETE", "/functions/greeter", new byte[0]));
            String ready = get(opsPort, "/readyz");
            assertTrue(ready.startsWith("200 {\"status\":\"ready\",\"startupFunctions\":{\"loaded\":"), "the ops port serves readiness: " + ready);
            awaitLine(stdout, "\"event\":\"serving\"");
        } finally {
            serve.destroy();
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            JsonNode parsed = json.readTree(line);
            assertTrue(parsed.isObject(), line);
            assertTrue(parsed.path("ts").asText().endsWith("Z"), line);
            Instant.parse(parsed.path("ts").asText());
            assertTrue(parsed.hasNonNull("level") && parsed.hasNonNull("logger") && parsed.hasNonNull("message"), line);
            lines.add(parsed);
        }
        JsonNode access = only(lines, line -> line.path("logger").asText().equals("edge.access") && line.path("function").asText().equals("wasi"));
        assertEquals(200, access.path("status").asInt());
        assertTrue(access.path("status").isInt() && access.path("totalMs").isNumber(), "fields keep their types: " + access);
        String requestId = access.path("requestId").asText();
        assertTrue(lines.stream().anyMatch(line -> line.path("logger").asText().equals("edge.guest")
                        && line.path("function").asText().equals("wasi") && line.path("requestId").asText().equals(requestId)),
                "the guest's log lines carry the function and the request id");
        only(lines, line -> line.path("event").asText().equals("deploy") && line.path("function").asText().equals("greeter"));
        JsonNode undeploy = only(lines, line -> line.path("event").asText().equals("undeploy"));
        assertEquals("undeployed on this host", undeploy.path("cause").asText());
        assertEquals(opsPort, only(lines, line -> line.path("event").asText().equals("serving")).path("opsPort").asInt());
        only(lines, line -> line.path("event").asText().equals("shutdown"));
        only(lines, line -> line.path("event").asText().equals("stopped"));
    }

    private static JsonNode only(List<JsonNode> lines, Predicate<JsonNode> matches) {
        List<JsonNode> found = lines.stream().filter(matches).toList();
        assertEquals(1, found.size(), () -> "one such line in " + lines);
        return found.get(0);
    }

    @Test
    void serve_configFile_servesItsFunctions_andABadOneIsRefusedAtItsLine(@TempDir Path workDir) throws Exception {
        int port = freePort();
        Files.copy(samples.resolve("hello.wasm"), workDir.resolve("hello.wasm"));
        Path config = Files.writeString(workDir.resolve("edge-host.toml"), "port = " + port + "\nadmin-port = " + freePort()
                + "\nsamples = false\n\n[[functions]]\nname = \"from-file\"\nmodule = \"hello.wasm\"\n");
        Process host = start(workDir, "serve", "--config", config.toString(), "--data-dir", workDir.resolve("data").toString());
        try {
            awaitAnswer(port, host);
            assertEquals("200 Hello from the edge!\n", get(port, "/from-file"));
        } finally {
            host.destroy();
            assertTrue(host.waitFor(30, TimeUnit.SECONDS));
        }

        Files.writeString(config, "port = " + port + "\n[functions]\n");
        Process refused = start(workDir, "serve", "--config", config.toString());
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, refused.exitValue());
        assertTrue(output(refused).contains("error: " + config + ":2:1: functions: is a list of tables, written [[functions]]"), output(refused));
    }

    @Test
    void help_listsTheCommands(@TempDir Path workDir) throws Exception {
        Process help = start(workDir, "--help");

        assertTrue(help.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue());
        String text = output(help);
        for (String command : List.of("serve", "dev", "deploy", "list", "undeploy", "kv", "logs")) {
            assertTrue(text.contains(command), text);
        }
    }

    @Test
    void dev_reloadsAChangedModule_keepsTheLastGoodOne_andStopsOnSigterm(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Path functions = Files.createDirectories(workDir.resolve("functions"));
        Path hello = Files.copy(samples.resolve("hello.wasm"), functions.resolve("hello.wasm"));
        Process dev = start(workDir, "dev", functions.toString(), "--port", String.valueOf(port), "--admin-port", String.valueOf(adminPort));
        try {
            awaitAnswer(port, dev);
            assertEquals("200 Hello from the edge!\n", get(port, "/hello"));

            Files.copy(samples.resolve("echo.wasm"), hello, StandardCopyOption.REPLACE_EXISTING);
            long changed = System.nanoTime();
            while (!get(port, "/hello/x").startsWith("200 GET\n")) {
                assertTrue(System.nanoTime() - changed < 10_000_000_000L, "not reloaded: " + output(dev));
                Thread.sleep(20);
            }
            long millis = (System.nanoTime() - changed) / 1_000_000;
            assertTrue(millis < 2_000, "reloaded after " + millis + " ms");

            Files.writeString(hello, "garbage");
            for (int i = 0; i < 500 && !output(dev).contains("still serving the previous version"); i++) {
                Thread.sleep(20);
            }
            assertTrue(output(dev).contains("hello: " + hello + " does not deploy: not a valid Wasm module"), output(dev));
            assertTrue(get(port, "/hello/y").startsWith("200 GET\n"), "the last good version serves");
            assertTrue(output(dev).contains("GET /hello/x  200  "), "one line per request: " + output(dev));
            assertTrue(!output(dev).contains("edge.access"), "the host's own access log is not printed twice: " + output(dev));
        } finally {
            dev.destroy();
        }
        assertTrue(dev.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops dev");
        assertTrue(output(dev).contains("edge-host dev: stopped"), output(dev));
    }

    private static Process serve(Path workDir, int port, int adminPort) throws IOException {
        return start(workDir, "serve", "--port", String.valueOf(port), "--admin-port", String.valueOf(adminPort));
    }

    private static Process start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As the README's first command starts it.
        command.add("-XX:-DontCompileHugeMethods");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path log = workDir.resolve("process-" + System.nanoTime() + ".log");
        Process process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        LOGS.put(process, log);
        return process;
    }

    /** What the process printed, from its log file. */
    private static String output(Process process) throws IOException {
        return Files.readString(LOGS.get(process), StandardCharsets.UTF_8);
    }

    /** Waits for {@code /hello}; a first start also compiles the JavaScript engine for the bundled scripts. */
    private void awaitAnswer(int port, Process process) throws InterruptedException {
        for (int attempt = 0; attempt < 1800; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError("the host exited with " + process.exitValue());
            }
            try {
                // Ready: the bundled samples, which deploy after the host listens, are in.
                if (get(port, "/readyz").startsWith("200 ")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the host was not ready within 180 s");
    }

    private static void awaitLine(Path log, String text, Process process) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError("the host exited with " + process.exitValue());
            }
            if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with " + text + " within 60 s");
    }

    /**
     * Waits until {@code file} holds {@code text}: the host listens before it has deployed the
     * samples that call the host itself, and logs that it serves once they are deployed.
     */
    private static void awaitLine(Path file, String text) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with " + text + " within 60 s");
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.server.EdgeServer;
import dev.edgehost.testing.TestGuests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --config}: a host started from a TOML file, the docs' example first, and files that are refused. */
class ServeConfigTest {
    private static final Path DOCS_EXAMPLE = Path.of("../docs/examples/edge-host.toml");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient client = HttpClient.newHttpClient();
    private ServeCommand serve;
    private CompletableFuture<Integer> exit;

    @TempDir
    Path dir;

    /** Runs {@code serve} on a thread of its own, as the jar runs it, until it listens or ends. */
    private EdgeServer start(String... args) throws Exception {
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        serve = commandLine.getSubcommands().get("serve").getCommand();
        List<String> all = new ArrayList<>(List.of("serve", "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        exit = CompletableFuture.supplyAsync(() -> commandLine.execute(all.toArray(String[]::new)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (serve.running == null && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return serve.running;
    }

    /**
     * Waits until the host's functions are in: they deploy after it listens, and the JavaScript
     * ones compile the engine first, which takes long on a loaded machine.
     */
    private HttpResponse<String> awaitReady(EdgeServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            HttpResponse<String> ready = get("http://127.0.0.1:" + server.adminPort() + "/readyz", null);
            if (ready.statusCode() == 200 || System.nanoTime() > deadline) {
                assertEquals(200, ready.statusCode(), "ready within 180 s: " + ready.body());
                return ready;
            }
            Thread.sleep(50);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.stop.countDown();
            exit.get(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serve_docsExample_deploysItsFunctionsAtStartWithTheFilesLimits() throws Exception {
        EdgeServer server = start("--config", DOCS_EXAMPLE.toString(), "--port", "0", "--admin-port", "0");
        awaitReady(server);

        String base = "http://127.0.0.1:" + server.port();
        assertEquals("Hello from the edge!\n", get(base + "/hello", null).body());
        assertEquals("Hello from edge-host.toml", get(base + "/greeter", null).body());
        assertEquals(200, get(base + "/gateway", null).statusCode());
        assertEquals(404, get(base + "/echo", null).statusCode(), "samples = false: no bundled samples");
        JsonNode hello = new ObjectMapper().readTree(get("http://127.0.0.1:" + server.adminPort() + "/functions/hello", null).body());
        assertEquals(2000, hello.path("limits").path("timeout-ms").asLong(), hello.toString());
        assertEquals(256, hello.path("limits").path("memory-pages").asLong(), hello.toString());
        JsonNode gateway = new ObjectMapper().readTree(get("http://127.0.0.1:" + server.adminPort() + "/functions/gateway", null).body());
        assertEquals(5_000_000, gateway.path("limits").path("fuel").asLong(), gateway.toString());
        assertEquals(2000, gateway.path("limits").path("timeout-ms").asLong(), "the file's defaults under the function's own");
    }

    @Test
    void serve_commandLine_winsOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "admin-token = \"from-the-file\"\nport = 1\nsamples = false\n");

        EdgeServer server = start("--config", file.toString(), "--admin-token", "from-the-command-line", "--port", "0", "--admin-port", "0");

        String functions = "http://127.0.0.1:" + server.adminPort() + "/functions";
        assertEquals(200, get(functions, "from-the-command-line").statusCode());
        assertEquals(401, get(functions, "from-the-file").statusCode());
    }

    @Test
    void serve_badFile_isRefusedAtStartWithTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "# the host\nprot = 8080\n");

        assertNull(start("--config", file.toString(), "--port", "0", "--admin-port", "0"));

        assertEquals(2, exit.get(30, TimeUnit.SECONDS));
        assertEquals("error: " + file + ":2:1: prot: no such setting; did you mean port?\n", err.toString());
        serve = null;
    }

    @Test
    void serve_aFileThatIsNotAModule_refusesToStart() throws Exception {
        Files.writeString(dir.resolve("broken.wasm"), "not a module");
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"broken\"\nmodule = \"broken.wasm\"\n");

        assertNull(start("--config", file.toString(), "--port", "0", "--admin-port", "0"));

        assertEquals(1, exit.get(30, TimeUnit.SECONDS));
        assertTrue(err.toString().startsWith("error: " + file + ":3:1: functions[0] (broken): does not deploy: "), err.toString());
        assertTrue(err.toString().contains("is not a WebAssembly module"), err.toString());
        serve = null;
    }

    @Test
    void serve_aMissingModuleFile_refusesToStart() throws Exception {
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"gone\"\nmodule = \"gone.wasm\"\n");

        assertNull(start("--config", file.toString(), "--port", "0", "--admin-port", "0"));

        assertEquals(2, exit.get(30, TimeUnit.SECONDS), "an invalid file, as a bad setting is");
        assertTrue(err.toString().startsWith("error: " + file + ":"), err.toString());
        assertTrue(err.toString().contains("gone.wasm"), err.toString());
        serve = null;
    }

    @Test
    void serve_aModuleThatDoesNotDeploy_isReportedWhileTheHostServes() throws Exception {
        Files.write(dir.resolve("no-handle.wasm"), TestGuests.wat("(module (memory (export \"memory\") 1))"));
        Files.write(dir.resolve("hello.wasm"), TestGuests.sample("hello"));
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"broken\"\nmodule = \"no-handle.wasm\"\n"
                + "\n[[functions]]\nname = \"hello\"\nmodule = \"hello.wasm\"\n");

        EdgeServer server = start("--config", file.toString(), "--port", "0", "--admin-port", "0");
        HttpResponse<String> ready = awaitReady(server);

        assertEquals(1, new ObjectMapper().readTree(ready.body()).path("startupFunctions").path("failed").asInt(), ready.body());
        assertEquals(200, get("http://127.0.0.1:" + server.port() + "/hello", null).statusCode(), "the others serve");
        assertEquals(404, get("http://127.0.0.1:" + server.port() + "/broken", null).statusCode());
        JsonNode broken = new ObjectMapper().readTree(get("http://127.0.0.1:" + server.adminPort() + "/functions/broken", null).body());
        assertEquals("failed", broken.path("startup").path("state").asText(), broken.toString());
        assertEquals("missing_export", broken.path("startup").path("error").asText(), broken.toString());
        assertEquals(file + ":3:1: functions[0] (broken)", broken.path("startup").path("source").asText(), broken.toString());
        assertFalse(exit.isDone(), "the host keeps serving");
    }

    @Test
    void serve_aLargeModuleInTheFile_listensAtOnceAndServesItOnceIn() throws Exception {
        // Some seconds to compile, so the host answers while it is still loading.
        Files.write(dir.resolve("big.wasm"), TestGuests.largeModule(2_000, 200));
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"big\"\nmodule = \"big.wasm\"\n");

        long started = System.nanoTime();
        EdgeServer server = start("--config", file.toString(), "--port", "0", "--admin-port", "0");
        HttpResponse<String> loading = get("http://127.0.0.1:" + server.port() + "/big", null);
        long answeredMs = (System.nanoTime() - started) / 1_000_000;
        HttpResponse<String> unready = get("http://127.0.0.1:" + server.adminPort() + "/readyz", null);

        assertEquals(503, loading.statusCode(), loading.body());
        assertEquals("function_loading", new ObjectMapper().readTree(loading.body()).path("error").asText(), loading.body());
        assertEquals(503, unready.statusCode(), unready.body());
        assertEquals(1, new ObjectMapper().readTree(unready.body()).path("startupFunctions").path("pending").asInt(), unready.body());
        assertTrue(answeredMs < 10_000, "answered before the module compiled: " + answeredMs + " ms");
        awaitReady(server);
        assertEquals(200, get("http://127.0.0.1:" + server.port() + "/big", null).statusCode());
    }

    @Test
    void serve_aScriptInTheFile_isDeployedAsAJavaScriptFunction() throws Exception {
        Files.writeString(dir.resolve("worker.js"),
                "export default { async fetch(request) { return new Response('from a script in the file'); } };\n");
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"worker\"\nmodule = \"worker.js\"\n");

        EdgeServer server = start("--config", file.toString(), "--port", "0", "--admin-port", "0");
        awaitReady(server);

        assertEquals("from a script in the file", get("http://127.0.0.1:" + server.port() + "/worker", null).body());
        JsonNode worker = new ObjectMapper().readTree(get("http://127.0.0.1:" + server.adminPort() + "/functions/worker", null).body());
        assertEquals("javascript", worker.path("kind").asText(), worker.toString());
    }
}

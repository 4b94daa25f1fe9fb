package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.server.EdgeServer;
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
    void serve_aFunctionThatDoesNotDeploy_refusesToStart() throws Exception {
        Files.writeString(dir.resolve("broken.wasm"), "not a module");
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"broken\"\nmodule = \"broken.wasm\"\n");

        assertNull(start("--config", file.toString(), "--port", "0", "--admin-port", "0"));

        assertEquals(1, exit.get(30, TimeUnit.SECONDS));
        assertTrue(err.toString().startsWith("error: " + file + ":3:1: functions[0] (broken): does not deploy: "), err.toString());
        serve = null;
    }

    @Test
    void serve_aScriptInTheFile_isDeployedAsAJavaScriptFunction() throws Exception {
        Files.writeString(dir.resolve("worker.js"),
                "export default { async fetch(request) { return new Response('from a script in the file'); } };\n");
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "samples = false\n\n[[functions]]\nname = \"worker\"\nmodule = \"worker.js\"\n");

        EdgeServer server = start("--config", file.toString(), "--port", "0", "--admin-port", "0");

        assertEquals("from a script in the file", get("http://127.0.0.1:" + server.port() + "/worker", null).body());
        JsonNode worker = new ObjectMapper().readTree(get("http://127.0.0.1:" + server.adminPort() + "/functions/worker", null).body());
        assertEquals("javascript", worker.path("kind").asText(), worker.toString());
    }
}

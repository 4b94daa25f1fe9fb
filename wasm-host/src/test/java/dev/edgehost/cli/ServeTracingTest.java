package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.server.EdgeServer;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --otlp-endpoint}, given in the configuration file, exports the request's span with the headers of {@code --otlp-headers}. */
class ServeTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Path HELLO = Path.of("../guest-sdk-samples/wat/hello.wasm");

    @TempDir
    Path dir;

    /** What a collector on loopback received on {@code /v1/traces}: the authorization header and the body. */
    private record Export(String authorization, byte[] body) {}

    @Test
    void serve_otlpEndpointInConfigFile_exportsSpansWithHeaders() throws Exception {
        List<Export> exports = new CopyOnWriteArrayList<>();
        Undertow collector =
                Undertow.builder()
                        .addHttpListener(0, "127.0.0.1", new BlockingHandler(exchange -> {
                            if (exchange.getRequestPath().equals("/v1/traces")) {
                                exports.add(new Export(exchange.getRequestHeaders().getFirst("authorization"), exchange.getInputStream().readAllBytes()));
                            }
                            exchange.setStatusCode(200);
                            exchange.getResponseSender().send("");
                        }))
                        .build();
        collector.start();
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
        int collectorPort = ((InetSocketAddress) collector.getListenerInfo().get(0).getAddress()).getPort();
        Path file = Files.writeString(
                dir.resolve("edge-host.toml"),
                "otlp-endpoint = \"http://127.0.0.1:" + collectorPort + "\"\notlp-service-name = \"edge-test\"\nsamples = false\n\n"
                        + "[[functions]]\nname = \"hello\"\nmodule = \"" + HELLO.toAbsolutePath() + "\"\n");
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> commandLine.execute(
                        "serve", "--config", file.toString(), "--data-dir", dir.resolve("data").toString(), "--port", "0",
                        "--admin-port", "0", "--otlp-headers", "authorization=Bearer%20t0ken"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (serve.running == null && !exit.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            EdgeServer server = serve.running;
            assertNotNull(server, "serve started");
            // The config file's functions deploy once the host listens: wait until they are in.
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/readyz")).build();
            while (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello"))
                                    .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (exports.stream().noneMatch(export -> contains(export.body(), traceId)) && System.nanoTime() < waitUntil) {
                Thread.sleep(20);
            }
            Export export = exports.stream().filter(candidate -> contains(candidate.body(), traceId)).findFirst().orElseThrow();
            assertEquals("Bearer t0ken", export.authorization());
            assertTrue(contains(export.body(), "edge-test".getBytes(StandardCharsets.UTF_8)), "the service name");
        } finally {
            serve.stop.countDown();
            exit.get(30, TimeUnit.SECONDS);
            collector.stop();
        }
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code versions NAME} and {@code rollback NAME [--version N]} against a real running host. */
class VersionsCommandTest {
    private EdgeServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() {
        server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).adminToken("t0ken").bundledSamples(false)
                .build().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin";
        all[args.length + 1] = "http://127.0.0.1:" + server.adminPort();
        all[args.length + 2] = "--admin-token";
        all[args.length + 3] = "t0ken";
        return commandLine.execute(all);
    }

    private static Path sample(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream wasm = VersionsCommandTest.class.getResourceAsStream("/samples/wat/" + name + ".wasm")) {
            Files.write(file, wasm.readAllBytes());
        }
        return file;
    }

    private String version() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fn")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("x-edge-version").orElseThrow();
    }

    @Test
    void versionsAndRollback_printTablesAndSwitchTheServingVersion(@TempDir Path dir) throws Exception {
        assertEquals(0, run("deploy", "fn", sample(dir, "hello").toString()), err.toString());
        assertEquals(0, run("deploy", "fn", sample(dir, "echo").toString()), err.toString());
        assertEquals(0, run("deploy", "fn", sample(dir, "hello").toString(), "--keep-traffic"), err.toString());
        assertEquals("2", version(), "a deploy with --keep-traffic sends the new version nothing");

        assertEquals(0, run("versions", "fn"), err.toString());
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].matches("VERSION +SERVING +KIND +SHA-256 +DEPLOYED \\(UTC\\) +BY"), lines[0]);
        assertTrue(lines[1].matches("3 +wasm +[0-9a-f]{12} .* admin token from 127\\.0\\.0\\.1"), lines[1]);
        assertTrue(lines[2].matches("2 +yes +wasm .*"), lines[2]);
        assertTrue(lines[3].matches("1 +wasm .*"), lines[3]);

        assertEquals(0, run("rollback", "fn"), err.toString());
        assertTrue(out.toString().startsWith("fn serves version 1 now\n"), out.toString());
        assertEquals("1", version());
        assertEquals(0, run("rollback", "fn", "--version", "3"), err.toString());
        assertEquals("3", version());

        assertEquals(1, run("rollback", "fn", "--version", "9"));
        assertTrue(err.toString().contains("404 version_not_found"), err.toString());
        assertEquals(1, run("versions", "nothing"));
        assertTrue(err.toString().contains("404 not_found"), err.toString());
        assertEquals(0, run("versions", "fn", "--json"));
        assertTrue(out.toString().contains("\"serving\":3"), out.toString());
    }
}

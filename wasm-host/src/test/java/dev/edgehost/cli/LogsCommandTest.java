package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.server.EdgeServer;
import dev.edgehost.testing.TestGuests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code logs NAME [--follow]} against a real running host. */
class LogsCommandTest {
    private static final String REQUEST_LINE = "\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d  ";

    private EdgeServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() {
        server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).adminToken("t0ken").build().start();
        server.host().deploy("wasi", TestGuests.sample("wasi"), FunctionSettings.defaults());
        server.host().deploy("trap", TestGuests.sample("trap"), FunctionSettings.defaults());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int run(String... args) {
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--admin", "http://127.0.0.1:" + server.adminPort(), "--admin-token", "t0ken"}, 0, all, args.length, 4);
        return commandLine.execute(all);
    }

    private void request(String path) {
        try {
            server.host().handle(EdgeRequest.builder("GET", URI.create("http://localhost" + path)).build());
        } catch (EdgeException answeredByTheHost) {
            // A trap is one of the requests these tests log.
        }
    }

    @Test
    void logs_showsEachRequestWithItsLinesBeneath() {
        request("/wasi/first?secret=1");
        request("/wasi/second");

        assertEquals(0, run("logs", "wasi"), err.toString());

        String[] lines = out.toString().split("\n");
        assertEquals(8, lines.length, out.toString());
        assertTrue(lines[0].matches(REQUEST_LINE + "GET /wasi/first  200  \\d+\\.\\d ms  fuel [\\d,]+"), lines[0]);
        assertEquals("    info  hello from stdout", lines[1]);
        assertEquals("    warn  hello from stderr", lines[2]);
        assertEquals("    info  hello from log", lines[3]);
        assertTrue(lines[4].contains("GET /wasi/second  200"), lines[4]);
    }

    @Test
    void logs_failedRequest_showsTheErrorAndWhy() {
        request("/trap");

        assertEquals(0, run("logs", "trap"), err.toString());

        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].matches(REQUEST_LINE + "GET /trap  500 trap  .*"), lines[0]);
        assertTrue(lines[1].startsWith("    the guest trapped: "), lines[1]);
    }

    @Test
    void logs_backlog_showsOnlyTheLastEvents() {
        request("/wasi/first");
        request("/wasi/second");

        assertEquals(0, run("logs", "wasi", "--backlog", "2"), err.toString());

        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].contains("GET /wasi/second"), out.toString());
        assertEquals("    info  hello from log", lines[1]);
        assertEquals(2, lines.length, out.toString());
    }

    @Test
    void logs_json_printsOneEventPerLine() throws Exception {
        request("/wasi");

        assertEquals(0, run("logs", "wasi", "--json"), err.toString());

        String[] lines = out.toString().split("\n");
        assertEquals(4, lines.length);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("log", first.path("event").asText());
        assertEquals("hello from stdout", first.path("message").asText());
        JsonNode last = new ObjectMapper().readTree(lines[3]);
        assertEquals("request", last.path("event").asText());
        assertEquals("/wasi", last.path("path").asText());
    }

    @Test
    void logs_follow_showsNewRequestsUntilTheStreamEnds() throws Exception {
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> run("logs", "wasi", "--follow"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!out.toString().contains("GET /wasi/live") && System.currentTimeMillis() < deadline) {
            request("/wasi/live");
            Thread.sleep(200);
        }
        assertTrue(out.toString().contains("GET /wasi/live  200"), out.toString());
        assertTrue(out.toString().contains("    info  hello from log"), out.toString());

        server.close();

        assertEquals(0, following.get(10, TimeUnit.SECONDS));
        assertTrue(err.toString().contains("the host ended the log stream"), err.toString());
    }

    @Test
    void logs_unknownFunction_namesIt() {
        assertEquals(1, run("logs", "ghost"));

        assertEquals("error: the admin API answered 404 not_found: no function named \"ghost\"", err.toString().strip());
    }
}

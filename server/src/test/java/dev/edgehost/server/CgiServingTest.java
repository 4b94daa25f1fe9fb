package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** WASI programs served as CGI by a real server: what the program sees, and how its output is answered. */
class CgiServingTest {
    private static final ListAppender<ILoggingEvent> GUEST_LOG = new ListAppender<>();
    private static final Logger GUEST_LOGGER = (Logger) LoggerFactory.getLogger("edge.guest");
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        GUEST_LOG.start();
        GUEST_LOGGER.addAppender(GUEST_LOG);
        host = TestHost.start(null);
        host.deployOrFail("cgi-echo", TestHost.sample("cgi-echo"), "arg=first&arg=second%2C%20third&config.GREETING=hi");
        host.deployOrFail("cgi-hello", TestHost.sample("cgi-hello"), "");
    }

    @AfterAll
    static void stopHost() {
        host.close();
        GUEST_LOGGER.detachAppender(GUEST_LOG);
    }

    private static HttpResponse<String> deployAndGet(String name, byte[] wasm, String settings) {
        host.deployOrFail(name, wasm, settings);
        return host.get("/" + name);
    }

    private static byte[] printing(String stdout) {
        return TestHost.cgiProgram(stdout, "");
    }

    @Test
    void describe_showsTheModeArgumentsAndOutputHandling() {
        host.deployOrFail("strict-echo", TestHost.sample("cgi-echo"), "mode=cgi&arg=x&cgi-output=strict");

        JsonNode echo = TestHost.json(host.admin("GET", "/functions/cgi-echo"));
        JsonNode strict = TestHost.json(host.admin("GET", "/functions/strict-echo"));
        JsonNode abi = TestHost.json(host.deploy("abi-hello", TestHost.sample("hello"), ""));

        assertEquals("cgi", echo.path("mode").asText());
        assertEquals("[\"first\",\"second, third\"]", echo.path("args").toString());
        assertTrue(echo.path("cgiOutput").isMissingNode());
        assertEquals("cgi", strict.path("mode").asText());
        assertEquals("strict", strict.path("cgiOutput").asText());
        assertEquals("abi", abi.path("mode").asText());
    }

    @Test
    void request_environment_isTheRequestAsRfc3875DescribesIt() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/cgi-echo/x%2Fy/z?a=1&b=%20"))
                        .header("X-Many", "one")
                        .header("X-Many", "two")
                        .header("Content-Type", "text/plain")
                        .header("x-request-id", "trace-1234-abcd")
                        .POST(HttpRequest.BodyPublishers.ofString("posted body"))
                        .build());

        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
        List<String> lines = List.of(response.body().split("\n"));
        int port = host.server().port();
        for (String line : List.of(
                "arg cgi-echo", "arg first", "arg second, third",
                "env REQUEST_METHOD=POST", "env PATH_INFO=/x/y/z", "env QUERY_STRING=a=1&b=%20",
                "env CONTENT_TYPE=text/plain", "env CONTENT_LENGTH=11", "env SERVER_NAME=127.0.0.1",
                "env SERVER_PORT=" + port, "env SERVER_PROTOCOL=HTTP/1.1", "env SERVER_SOFTWARE=edge-host",
                "env REMOTE_ADDR=127.0.0.1", "env SCRIPT_NAME=/cgi-echo", "env GATEWAY_INTERFACE=CGI/1.1",
                "env HTTP_X_MANY=one, two", "env HTTP_HOST=127.0.0.1:" + port,
                "env X_FULL_URL=http://127.0.0.1:" + port + "/cgi-echo/x%2Fy/z?a=1&b=%20",
                "env X_REQUEST_ID=trace-1234-abcd", "env GREETING=hi", "stdin posted body")) {
            assertTrue(lines.contains(line), () -> line + " missing from\n" + response.body());
        }
        assertTrue(lines.indexOf("env GATEWAY_INTERFACE=CGI/1.1") < lines.indexOf("env HTTP_X_MANY=one, two"));
        assertTrue(lines.indexOf("env X_REQUEST_ID=trace-1234-abcd") < lines.indexOf("env GREETING=hi"));
        assertFalse(response.body().contains("HTTP_CONTENT_TYPE"), response.body());
    }

    @Test
    void request_getWithoutBody_hasNoContentTypeOrLength() throws IOException {
        // A raw request: some HTTP clients send "content-length: 0" with every GET.
        String answer;
        try (Socket socket = new Socket("127.0.0.1", host.server().port())) {
            socket.getOutputStream().write(
                    "GET /cgi-echo HTTP/1.0\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(answer.startsWith("HTTP/1.0 200"), answer);
        assertTrue(answer.contains("\nenv PATH_INFO=\n"), answer);
        assertTrue(answer.contains("\nenv SERVER_PROTOCOL=HTTP/1.0\n"), answer);
        assertTrue(answer.contains("\nenv SERVER_NAME=example.com\n"), answer);
        assertFalse(answer.contains("CONTENT_LENGTH"), answer);
        assertFalse(answer.contains("CONTENT_TYPE"), answer);
    }

    @Test
    void response_statusHeadersAndBody_areTheProgramsOutput() {
        HttpResponse<String> response =
                deployAndGet("cgi-status",
                        printing("Status: 418 I'm a teapot\r\nContent-Type: application/json\r\nX-One: 1\r\nx-one: 2\r\n\r\n{}"), "");

        assertEquals(418, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("1", "2"), response.headers().allValues("x-one"));
        assertEquals("{}", response.body());
    }

    @Test
    void response_locationWithoutStatus_isA302() {
        HttpResponse<String> response = deployAndGet("cgi-redirect", printing("Location: https://example.com/next\n\n"), "");

        assertEquals(302, response.statusCode());
        assertEquals("https://example.com/next", response.headers().firstValue("location").orElseThrow());
        assertEquals("", response.body());
    }

    @Test
    void response_hostOwnedHeaders_areTheHosts() {
        HttpResponse<String> response =
                deployAndGet("cgi-owned",
                        printing("Content-Type: text/plain\nContent-Length: 999\nX-Request-Id: forged\nServer-Timing: x\n\nfour"), "");

        assertEquals(200, response.statusCode());
        assertEquals("four", response.body());
        assertEquals("4", response.headers().firstValue("content-length").orElseThrow());
        assertFalse(response.headers().firstValue("x-request-id").orElseThrow().equals("forged"));
        assertTrue(response.headers().firstValue("server-timing").orElseThrow().startsWith("instantiate;"));
    }

    @Test
    void response_plainOutput_isA200TextBody() {
        HttpResponse<String> response = deployAndGet("cgi-plain", printing("only printing\n"), "");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("only printing\n", response.body());
    }

    @Test
    void response_plainOutputStrict_is502InvalidCgiResponse() {
        HttpResponse<String> response = deployAndGet("cgi-strict", printing("only printing\n"), "cgi-output=strict");

        assertEquals(502, response.statusCode());
        assertEquals("invalid_cgi_response", TestHost.errorCode(response));
        assertTrue(TestHost.json(response).path("message").asText().contains("line 1 is not a header field"), response.body());
    }

    @Test
    void response_malformedStatus_is502() {
        HttpResponse<String> response = deployAndGet("cgi-bad-status", printing("Status: OK\nContent-Type: text/plain\n\n"), "");

        assertEquals(502, response.statusCode());
        assertEquals("invalid_cgi_response", TestHost.errorCode(response));
    }

    @Test
    void stderr_linesGoToTheLogAtWarn() {
        HttpResponse<String> response =
                deployAndGet("cgi-stderr", TestHost.cgiProgram("Content-Type: text/plain\n\nok", "first problem\nsecond"), "");

        assertEquals("ok", response.body());
        List<String> warnings = new ArrayList<>();
        synchronized (GUEST_LOG) {
            GUEST_LOG.list.stream()
                    .filter(event -> event.getLevel() == Level.WARN && event.getFormattedMessage().startsWith("[cgi-stderr "))
                    .forEach(event -> warnings.add(event.getFormattedMessage().replaceFirst("^\\[cgi-stderr [^]]+\\] ", "")));
        }
        assertEquals(List.of("first problem", "second"), warnings);
    }

    @Test
    void exit_nonZero_is500GuestExit() {
        HttpResponse<String> response =
                deployAndGet("cgi-exit", TestHost.cgiProgram("Content-Type: text/plain\n\ndiscarded", "", 7), "");

        assertEquals(500, response.statusCode());
        assertEquals("guest_exit", TestHost.errorCode(response));
        assertFalse(response.body().contains("discarded"));
    }

    @Test
    void exit_zero_sendsTheResponse() {
        HttpResponse<String> response =
                deployAndGet("cgi-exit-zero", TestHost.cgiProgram("Content-Type: text/plain\n\nsent", "", 0), "");

        assertEquals(200, response.statusCode());
        assertEquals("sent", response.body());
    }

    @Test
    void limits_outputPastBodyPlusHeaderBytes_is502() {
        HttpResponse<String> response =
                deployAndGet("cgi-big", printing("Content-Type: text/plain\n\n" + "x".repeat(200)),
                        "max-response-body=100&max-response-header-bytes=50");

        assertEquals(502, response.statusCode());
        assertEquals("invalid_cgi_response", TestHost.errorCode(response));
        assertTrue(TestHost.json(response).path("message").asText().contains("more than 150 bytes"), response.body());
    }

    @Test
    void limits_tooManyHeaders_is502() {
        HttpResponse<String> response =
                deployAndGet("cgi-headers", printing("Content-Type: text/plain\nA: 1\nB: 2\n\n"), "max-response-headers=2");

        assertEquals(502, response.statusCode());
        assertEquals("invalid_cgi_response", TestHost.errorCode(response));
    }

    @Test
    void limits_fuelAndDeadline_stopTheProgram() {
        byte[] spinning = TestHost.wat("(module (memory (export \"memory\") 1) (func (export \"_start\") (loop $l (br $l))))");

        HttpResponse<String> fuel = deployAndGet("cgi-fuel", spinning, "fuel=100000");
        HttpResponse<String> deadline = deployAndGet("cgi-deadline", spinning, "timeout-ms=200");

        assertEquals(503, fuel.statusCode());
        assertEquals("fuel_exhausted", TestHost.errorCode(fuel));
        assertEquals(504, deadline.statusCode());
        assertEquals("timeout", TestHost.errorCode(deadline));
    }

    @Test
    void limits_requestBody_isRefusedBeforeTheProgramRuns() {
        host.deployOrFail("cgi-small-body", TestHost.sample("cgi-echo"), "max-request-body=4");

        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/cgi-small-body")).POST(HttpRequest.BodyPublishers.ofString("too long")).build());

        assertEquals(413, response.statusCode());
        assertEquals("request_too_large", TestHost.errorCode(response));
    }

    @Test
    void limits_memoryCap_isTheProgramsToo() {
        byte[] growing = TestHost.wat(
                "(module (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))"
                        + " (memory (export \"memory\") 1)"
                        + " (func (export \"_start\") (call $exit (i32.add (i32.const 10) (memory.grow (i32.const 4))))))");

        HttpResponse<String> response = deployAndGet("cgi-memory", growing, "memory-pages=2");

        assertEquals(500, response.statusCode());
        assertTrue(TestHost.json(response).path("message").asText().contains("code 9"), response.body());
    }

    @Test
    void edgeImports_configLogAndKv_workInCgiMode() {
        byte[] wasm = TestHost.wat(
                "(module"
                        + " (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
                        + " (import \"edge\" \"config_get\" (func $config (param i32 i32 i32 i32) (result i32)))"
                        + " (import \"edge\" \"kv_incr\" (func $incr (param i32 i32 i64 i32 i32) (result i32)))"
                        + " (import \"edge\" \"log\" (func $log (param i32 i32 i32)))"
                        + " (memory (export \"memory\") 1)"
                        + " (data (i32.const 32) \"Content-Type: text/plain\\n\\n\")"
                        + " (data (i32.const 64) \"greetinghits\")"
                        + " (func (export \"_start\") (local $len i32)"
                        + "  (local.set $len (call $config (i32.const 64) (i32.const 8) (i32.const 128) (i32.const 64)))"
                        + "  (drop (call $incr (i32.const 72) (i32.const 4) (i64.const 1) (i32.const 0) (i32.const 16)))"
                        + "  (call $log (i32.const 1) (i32.const 64) (i32.const 8))"
                        + "  (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 26))"
                        + "  (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))"
                        + "  (i32.store (i32.const 0) (i32.const 128)) (i32.store (i32.const 4) (local.get $len))"
                        + "  (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))");
        host.deployOrFail("cgi-edge", wasm, "config.greeting=hello");

        assertEquals("hello", host.get("/cgi-edge").body());
        assertEquals("hello", host.get("/cgi-edge").body());
        assertEquals("2", host.admin("GET", "/functions/cgi-edge/kv/hits").body());
    }

    @Test
    void deploy_startAsAbi_isRefusedWithWhatWouldTakeIt() {
        HttpResponse<String> response = host.deploy("as-abi", TestHost.sample("cgi-hello"), "mode=abi");

        assertEquals(400, response.statusCode());
        assertEquals("missing_export", TestHost.errorCode(response));
        assertEquals(
                "the module exports _start and no handle: deploy it with mode=cgi (a WASI command served as CGI), or export handle",
                TestHost.json(response).path("message").asText());
    }

    @Test
    void deploy_unknownModeOrOutput_isBadRequest() {
        assertEquals("bad_request", TestHost.errorCode(host.deploy("bad", TestHost.sample("cgi-hello"), "mode=wagi")));
        assertEquals("bad_request", TestHost.errorCode(host.deploy("bad", TestHost.sample("cgi-hello"), "cgi-output=loose")));
        assertEquals("bad_request", TestHost.errorCode(host.deploy("bad", TestHost.sample("cgi-hello"), "mode=cgi&mode=abi")));
    }

    @Test
    void restart_modeArgumentsAndOutputHandling_areKept(@TempDir Path dataDir) {
        JsonNode before;
        try (TestHost stored = TestHost.start(dataDir)) {
            stored.deployOrFail("echo", TestHost.sample("cgi-echo"), "mode=cgi&arg=one&arg=two&cgi-output=strict");
            before = TestHost.json(stored.admin("GET", "/functions/echo"));
        }

        try (TestHost restarted = TestHost.start(dataDir)) {
            assertEquals(before, TestHost.json(restarted.admin("GET", "/functions/echo")));
            assertTrue(restarted.get("/echo").body().startsWith("arg echo\narg one\narg two\n"));
        }
    }

    @Test
    void pooled_everyRequest_startsFromTheProgramsFirstState() {
        byte[] counting = TestHost.wat(
                "(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
                        + " (memory (export \"memory\") 1) (global $runs (mut i32) (i32.const 0))"
                        + " (data (i32.const 32) \"Content-Type: text/plain\\n\\n0\")"
                        + " (func (export \"_start\")"
                        + "  (global.set $runs (i32.add (global.get $runs) (i32.const 1)))"
                        + "  (i32.store8 (i32.const 58) (i32.add (i32.load8_u (i32.const 58)) (global.get $runs)))"
                        + "  (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 27))"
                        + "  (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))");
        host.deployOrFail("cgi-count", counting, "");

        for (int i = 0; i < 3; i++) {
            assertEquals("1", host.get("/cgi-count").body());
        }
    }
}

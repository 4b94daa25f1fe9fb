package dev.edgehost.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet in a real Tomcat, over real HTTP, with the sample guests: at {@code /edge/*} in the
 * root context with a 1 KiB body cap, and as the default servlet of the context {@code /app}.
 */
class EdgeServletTest {
    private static final int CAP = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path baseDir;

    private static EdgeHost host;
    private static TestTomcat tomcat;

    @BeforeAll
    static void start() {
        host = EdgeHost.builder().workers(2).build();
        for (String sample : List.of("hello", "echo", "headers", "status", "counter", "trap", "cgi-echo")) {
            host.deploy(sample, TestTomcat.sample(sample), FunctionSettings.defaults());
        }
        // Unlimited fuel, so that the deadline is what stops the loop.
        host.deploy(
                "loop",
                TestTomcat.sample("loop"),
                settings(FunctionLimits.builder().timeout(Duration.ofMillis(300)).fuel(FunctionLimits.MAX_FUEL)));
        host.deploy("small-body", TestTomcat.sample("echo"), settings(FunctionLimits.builder().maxRequestBodyBytes(100)));
        host.deploy("few-headers", TestTomcat.sample("echo"), settings(FunctionLimits.builder().maxRequestHeaders(2)));
        tomcat =
                new TestTomcat(baseDir)
                        .mount("", "/edge/*", "edge", new EdgeServlet(host, CAP))
                        .mount("/app", "/", "app", new EdgeServlet(host))
                        .start();
    }

    private static FunctionSettings settings(FunctionLimits.Builder limits) {
        return FunctionSettings.builder().limits(limits.build()).build();
    }

    @AfterAll
    static void stop() {
        tomcat.close();
        host.close();
    }

    @Test
    void hello_belowTheMapping_answersTheGuestsResponse() {
        HttpResponse<String> response = tomcat.get("/edge/hello");

        assertEquals(200, response.statusCode());
        assertEquals("Hello from the edge!\n", response.body());
        // Tomcat parses the content type and writes it back without the optional space.
        assertEquals("text/plain;charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("21", response.headers().firstValue("content-length").orElseThrow());
    }

    @Test
    void serverTiming_asTheHttpPortSendsIt_onAnswersAndOnGuestFailures() {
        for (String path : List.of("/edge/hello", "/edge/trap")) {
            String timing = tomcat.get(path).headers().firstValue("server-timing").orElseThrow(() -> new AssertionError(path));
            assertTrue(timing.matches("instantiate;dur=\\d+\\.\\d{3}, execute;dur=\\d+\\.\\d{3}, fuel;desc=\"\\d+\""), timing);
        }
    }

    @Test
    void echo_belowTheMapping_guestSeesTheWholeUrlHeadersAndBody() {
        HttpResponse<String> response =
                tomcat.send(
                        HttpRequest.newBuilder(tomcat.uri("/edge/echo/a/b?x=1&y=%20"))
                                .header("x-test", "one")
                                .POST(HttpRequest.BodyPublishers.ofString("hi there"))
                                .build());

        assertEquals(200, response.statusCode());
        assertTrue(
                response.body().startsWith("POST\nhttp://127.0.0.1:" + tomcat.port() + "/edge/echo/a/b?x=1&y=%20\n"),
                response.body());
        assertTrue(response.body().contains("\nx-test: one\n"), response.body());
        assertTrue(response.body().endsWith("\n\nhi there"), response.body());
    }

    @Test
    void defaultMapping_belowTheContextPath_firstSegmentNamesTheFunction() {
        HttpResponse<String> hello = tomcat.get("/app/hello");
        HttpResponse<String> echo = tomcat.get("/app/echo/z?q");

        assertEquals("Hello from the edge!\n", hello.body());
        assertTrue(echo.body().startsWith("GET\nhttp://127.0.0.1:" + tomcat.port() + "/app/echo/z?q\n"), echo.body());
    }

    @Test
    void cgi_belowTheMapping_seesTheClientsAddressProtocolAndPathInfo() {
        HttpResponse<String> response = tomcat.get("/edge/cgi-echo/a%20b?x=1");

        assertEquals(200, response.statusCode());
        for (String line : List.of("env REMOTE_ADDR=127.0.0.1", "env SERVER_PROTOCOL=HTTP/1.1", "env PATH_INFO=/a b",
                "env QUERY_STRING=x=1", "env SCRIPT_NAME=/cgi-echo")) {
            assertTrue(response.body().contains("\n" + line + "\n"), () -> line + " missing from\n" + response.body());
        }
    }

    @Test
    void headers_setByTheGuest_areSentEachValue() {
        HttpResponse<String> response =
                tomcat.send(HttpRequest.newBuilder(tomcat.uri("/edge/headers")).header("x-name", "servlet").build());

        assertEquals("servlet", response.headers().firstValue("x-hello").orElseThrow());
        assertEquals(List.of("a=1", "b=2"), response.headers().allValues("set-cookie"));
        assertEquals("ok", response.body());
    }

    @Test
    void status_setByTheGuest_isSent() {
        HttpResponse<String> response =
                tomcat.send(HttpRequest.newBuilder(tomcat.uri("/edge/status")).header("x-status", "418").build());

        assertEquals(418, response.statusCode());
    }

    @Test
    void counter_everyRequest_runsInAFreshInstance() {
        for (int i = 0; i < 3; i++) {
            assertEquals("42,42", tomcat.get("/edge/counter").body());
        }
    }

    @Test
    void requestId_noneSent_isANewOneOnEveryResponse() {
        String first = tomcat.get("/edge/hello").headers().firstValue("x-request-id").orElseThrow();
        String second = tomcat.get("/edge/hello").headers().firstValue("x-request-id").orElseThrow();

        assertTrue(first.matches("[0-9a-f]{24}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void requestId_wellFormedIncoming_isKeptOnSuccessAndFailure() {
        for (String path : List.of("/edge/hello", "/edge/trap", "/edge/missing")) {
            HttpResponse<String> response =
                    tomcat.send(HttpRequest.newBuilder(tomcat.uri(path)).header("x-request-id", "proxy-id-1234").build());

            assertEquals("proxy-id-1234", response.headers().firstValue("x-request-id").orElseThrow(), path);
        }
    }

    @Test
    void requestId_malformedIncoming_isReplaced() {
        HttpResponse<String> response =
                tomcat.send(HttpRequest.newBuilder(tomcat.uri("/edge/hello")).header("x-request-id", "bad id").build());

        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().matches("[0-9a-f]{24}"));
    }

    @Test
    void unknownFunction_isNotFound() {
        JsonNode error = assertError(tomcat.get("/edge/missing/x"), 404, "not_found");

        assertEquals("no function named \"missing\"", error.path("message").asText());
    }

    @Test
    void noFunctionInThePath_isNotFound() {
        for (String path : List.of("/edge", "/edge/", "/app/")) {
            JsonNode error = assertError(tomcat.get(path), 404, "not_found");

            assertEquals("the path names no function", error.path("message").asText(), path);
        }
    }

    @Test
    void trap_isTheTrapError() {
        JsonNode error = assertError(tomcat.get("/edge/trap"), 500, "trap");

        assertTrue(error.path("message").asText().contains("unreachable"), error.toString());
    }

    @Test
    void loop_pastItsDeadline_isTheTimeoutErrorAndTheHostKeepsServing() {
        long start = System.nanoTime();
        HttpResponse<String> response = tomcat.get("/edge/loop");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertError(response, 504, "timeout");
        assertTrue(millis < 5_000, "stopped near its 300 ms deadline, took " + millis + " ms");
        assertEquals(200, tomcat.get("/edge/hello").statusCode());
    }

    @Test
    void requestBody_atTheCap_isServed() {
        HttpResponse<String> response =
                tomcat.send(
                        HttpRequest.newBuilder(tomcat.uri("/edge/echo"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(CAP)))
                                .build());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("\n\n" + "x".repeat(CAP)));
    }

    @Test
    void requestBody_declaredOverTheCap_isRefused() {
        HttpResponse<String> response =
                tomcat.send(
                        HttpRequest.newBuilder(tomcat.uri("/edge/echo"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(CAP + 1)))
                                .build());

        JsonNode error = assertError(response, 413, "request_too_large");
        assertEquals("the request body is larger than the limit of 1024 bytes", error.path("message").asText());
    }

    @Test
    void requestBody_overTheFunctionsLowerLimit_isRefused() {
        HttpResponse<String> response =
                tomcat.send(
                        HttpRequest.newBuilder(tomcat.uri("/edge/small-body"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(101)))
                                .build());

        JsonNode error = assertError(response, 413, "request_too_large");
        assertEquals("the request body is larger than the limit of 100 bytes", error.path("message").asText());
    }

    @Test
    void requestBody_hugeDeclaredLength_isRefusedBeforeAnyOfItIsSent() throws IOException {
        RawResponse response =
                rawExchange("POST /edge/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1073741824\r\n\r\n", new byte[0]);

        assertEquals(413, response.status());
        assertTrue(response.head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), response.head());
        assertEquals("request_too_large", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void requestBody_chunkedOverTheCap_isRefusedWithoutWaitingForTheRest() throws IOException {
        // One chunk just over the cap, and the body never ends: only a servlet that stops reading answers.
        byte[] chunk = ("401\r\n" + "x".repeat(CAP + 1) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        RawResponse response =
                rawExchange("POST /edge/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n", chunk);

        assertEquals(413, response.status());
        assertEquals("request_too_large", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void requestHeaders_overTheFunctionsLimit_isRefused() {
        HttpRequest.Builder request = HttpRequest.newBuilder(tomcat.uri("/edge/few-headers"));
        for (int i = 0; i < 3; i++) {
            request.header("x-h" + i, "v");
        }

        assertError(tomcat.send(request.build()), 431, "headers_too_large");
    }

    @Test
    void url_thatNoUriAccepts_isABadRequest() throws IOException {
        // The test's Tomcat lets '|' through in queries, as containers may be configured to.
        RawResponse response = rawExchange("GET /edge/hello?a|b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", new byte[0]);

        assertEquals(400, response.status());
        assertEquals("bad_request", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void constructor_capOutOfRange_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EdgeServlet(host, -1));
        assertThrows(IllegalArgumentException.class, () -> new EdgeServlet(host, Integer.MAX_VALUE));
    }

    /** Checks the host's error response shape and returns its JSON body. */
    private static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("error", "message", "requestId"), fields);
        assertEquals(code, body.path("error").asText());
        assertEquals(response.headers().firstValue("x-request-id").orElseThrow(), body.path("requestId").asText());
        return body;
    }

    /** The status line and headers, and the body of a response read off a raw connection. */
    private record RawResponse(int status, String head, byte[] body) {}

    /**
     * Sends a request head and part of a body without ending it, and reads the response that
     * comes back regardless; times out when the server waits for the rest instead.
     */
    private static RawResponse rawExchange(String head, byte[] partialBody) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", tomcat.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(partialBody);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (!received.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed in the response head: " + received);
                }
                received.write(b);
            }
            String responseHead = received.toString(StandardCharsets.US_ASCII);
            Matcher length = Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)\r\n").matcher(responseHead);
            if (!length.find()) {
                throw new IOException("no content-length: " + responseHead);
            }
            int status = Integer.parseInt(responseHead.substring(9, 12));
            return new RawResponse(status, responseHead, in.readNBytes(Integer.parseInt(length.group(1))));
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.Engine;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Well-behaved guests over real HTTP: what the guest builds is exactly what the client gets. */
class FunctionServingTest {
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
        for (String sample : List.of("hello", "echo", "headers", "status", "counter", "config", "clock-random", "wasi")) {
            host.deployOrFail(sample, TestHost.sample(sample), "");
        }
        host.deployOrFail("echo-interpreted", TestHost.sample("echo"), "engine=interpreter");
        host.deployOrFail("counter-interpreted", TestHost.sample("counter"), "engine=interpreter");
        host.deployOrFail("greeter", TestHost.sample("config"), "config.greeting=hello%20there");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void hello_answersItsBodyAndContentType() {
        HttpResponse<String> response = host.get("/hello");

        assertEquals(200, response.statusCode());
        assertEquals("Hello from the edge!\n", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void handle_everyResponse_carriesRequestIdAndServerTiming() {
        HttpResponse<String> response = host.get("/hello");

        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().matches("[0-9a-f]{24}"));
        assertTrue(
                response.headers().firstValue("server-timing").orElseThrow()
                        .matches("instantiate;dur=[0-9.]+, execute;dur=[0-9.]+, fuel;desc=\"[0-9]+\""));
    }

    @Test
    void handle_wellFormedIncomingRequestId_isKept() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/hello")).header("x-request-id", "trace-1234-abcd").build());

        assertEquals("trace-1234-abcd", response.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void handle_malformedIncomingRequestId_isReplaced() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/hello")).header("x-request-id", "bad id!").build());

        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().matches("[0-9a-f]{24}"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void echo_seesMethodFullUrlHeadersAndBody(Engine engine) {
        String function = engine == Engine.COMPILER ? "echo" : "echo-interpreted";
        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.uri("/" + function + "/some/path?q=1&r=two"))
                                .header("X-Custom", "first")
                                .header("x-custom", "second")
                                .POST(HttpRequest.BodyPublishers.ofString("the body"))
                                .build());

        assertEquals(200, response.statusCode());
        String[] parts = response.body().split("\n\n", 2);
        List<String> lines = List.of(parts[0].split("\n"));
        assertEquals("POST", lines.get(0));
        assertEquals(host.uri("/" + function + "/some/path?q=1&r=two").toString(), lines.get(1));
        assertTrue(lines.contains("x-custom: first"), response.body());
        assertTrue(lines.contains("x-custom: second"), response.body());
        assertTrue(lines.contains("content-length: 8"), response.body());
        assertEquals("the body", parts[1]);
    }

    @Test
    void echo_largeBody_isReadToTheEnd() {
        String body = "0123456789abcdef".repeat(200_000);
        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.uri("/echo"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("\n\n" + body), "the whole body comes back");
    }

    @Test
    void echo_emptyBody_endsAfterTheHeaders() {
        HttpResponse<String> response = host.get("/echo");

        assertTrue(response.body().endsWith("\n\n"), response.body());
    }

    @Test
    void headers_requestHeaderAnyCase_isFoundAndResponseHeadersAreSet() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/headers")).header("X-NAME", "Ada").build());

        assertEquals("Ada", response.headers().firstValue("x-hello").orElseThrow());
        assertEquals(List.of("a=1", "b=2"), response.headers().allValues("set-cookie"));
        assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("ok", response.body());
    }

    @Test
    void headers_absentRequestHeader_fallsBack() {
        HttpResponse<String> response = host.get("/headers");

        assertEquals("anonymous", response.headers().firstValue("x-hello").orElseThrow());
    }

    @Test
    void status_guestStatus_isSent() {
        assertEquals(201, statusWith("201").statusCode());
        assertEquals(599, statusWith("599").statusCode());
        assertEquals(204, host.get("/status").statusCode());
    }

    @Test
    void status_outOfRangeStatus_isRefusedToTheGuest() {
        HttpResponse<String> response = statusWith("600");

        assertEquals(400, response.statusCode());
        assertEquals("invalid status", response.body());
    }

    @Test
    void status_informationalStatus_isDeniedToTheGuest() {
        assertEquals(400, statusWith("101").statusCode());
    }

    private static HttpResponse<String> statusWith(String status) {
        return host.send(HttpRequest.newBuilder(host.uri("/status")).header("x-status", status).build());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void counter_everyRequest_getsAFreshInitializedInstance(Engine engine) {
        String function = engine == Engine.COMPILER ? "counter" : "counter-interpreted";
        for (int i = 0; i < 5; i++) {
            assertEquals("42,42", host.get("/" + function).body());
        }
    }

    @Test
    void config_valueSetAtDeploy_isReadByTheGuest() {
        assertEquals("hello there", host.get("/greeter").body());
        assertEquals("no greeting", host.get("/config").body());
    }

    @Test
    void clockRandom_timeIsNowAndBytesAreRandom() {
        long before = System.currentTimeMillis();
        String[] first = host.get("/clock-random").body().split("\n");
        String[] second = host.get("/clock-random").body().split("\n");
        long after = System.currentTimeMillis();

        long time = Long.parseLong(first[0]);
        assertTrue(time >= before && time <= after, "time " + time + " within the request");
        assertTrue(Pattern.matches("[0-9a-f]{32}", first[1]), first[1]);
        assertTrue(!first[1].equals(second[1]), "two requests draw different random bytes");
    }

    @Test
    void wasi_outputGoesToTheLogAndTheRequestSucceeds() {
        HttpResponse<String> response = host.get("/wasi");

        assertEquals(200, response.statusCode());
        assertEquals("done", response.body());
    }

    @Test
    void wasi_exitZero_endsTheRequestNormally() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/wasi")).header("x-exit", "0").build());

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void wasi_nonZeroExit_isGuestExitError() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/wasi")).header("x-exit", "3").build());

        assertEquals(500, response.statusCode());
        assertEquals("guest_exit", TestHost.errorCode(response));
        assertTrue(TestHost.json(response).path("message").asText().contains("code 3"));
    }

    @Test
    void unknownFunction_isNotFound() {
        HttpResponse<String> response = host.get("/no-such-function/x");

        assertEquals(404, response.statusCode());
        assertEquals("not_found", TestHost.errorCode(response));
        assertEquals(
                response.headers().firstValue("x-request-id").orElseThrow(),
                TestHost.json(response).path("requestId").asText());
    }

    @Test
    void root_namesNoFunction_isNotFound() {
        assertEquals(404, host.get("/").statusCode());
    }
}

package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link EdgeHost#handle} without any server: how a request names its function and its id. */
class EdgeHostHandleTest {
    private static EdgeHost host;

    @BeforeAll
    static void startHost() {
        host = EdgeHost.builder().workers(2).build();
        host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
        host.deploy("echo", TestGuests.sample("echo"), FunctionSettings.defaults());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void function_notNamed_isTheFirstPathSegment() {
        assertEquals("echo", request("http://localhost/echo/a/b?x=1").build().function());
        assertEquals("echo", request("http://localhost/echo").build().function());
        assertEquals("", request("http://localhost/").build().function());
    }

    @Test
    void handle_urlNamesFunction_runsIt() {
        EdgeResponse response = host.handle(request("http://localhost/hello/any/path").build());

        assertEquals(200, response.status());
        assertEquals("Hello from the edge!\n", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void handle_functionNamedBelowPrefix_runsItAndTheGuestSeesTheWholeUrl() {
        EdgeResponse response =
                host.handle(request("http://example.test:8080/app/edge/echo/x?y=1").function("echo").build());

        assertEquals(200, response.status());
        assertEquals(
                "GET\nhttp://example.test:8080/app/edge/echo/x?y=1\n\n",
                new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void handle_unknownFunctionNamed_isNotFoundEvenWhenThePathNamesOne() {
        EdgeRequest request = request("http://localhost/hello").function("missing").build();

        EdgeException failure = assertThrows(EdgeException.class, () -> host.handle(request));

        assertEquals(404, failure.error().status());
        assertEquals("not_found", failure.error().code());
    }

    @Test
    void requestIdFor_wellFormedIncoming_isKept() {
        assertEquals("trace-1234.abcd_EF", EdgeRequest.requestIdFor("trace-1234.abcd_EF"));
    }

    @Test
    void requestIdFor_malformedOrMissing_isANewId() {
        for (String incoming : Arrays.asList(null, "", "short", "has space in it", "x".repeat(65))) {
            String id = EdgeRequest.requestIdFor(incoming);

            assertTrue(id.matches("[0-9a-f]{24}"), id);
        }
        assertNotEquals(EdgeRequest.requestIdFor(null), EdgeRequest.requestIdFor(null));
    }

    @Test
    void requestId_malformed_isRefused() {
        EdgeRequest.Builder builder = request("http://localhost/hello");

        assertThrows(IllegalArgumentException.class, () -> builder.requestId("not an id"));
    }

    @Test
    void handle_requestIdGiven_runsUnderIt() {
        EdgeResponse response = host.handle(request("http://localhost/hello").requestId("caller-id-0001").build());

        assertEquals("caller-id-0001", response.requestId());
    }

    @Test
    void handle_noRequestIdGiven_runsUnderTheRequestsNewId() {
        EdgeRequest request = request("http://localhost/hello").build();

        assertEquals(request.requestId(), host.handle(request).requestId());
    }

    @Test
    void remoteAddressAndProtocol_notGiven_areEmptyAndHttp11() {
        EdgeRequest request = request("http://localhost/hello").build();

        assertEquals("", request.remoteAddress());
        assertEquals("HTTP/1.1", request.protocol());
    }

    @Test
    void remoteAddressAndProtocol_given_areKept() {
        EdgeRequest request = request("http://localhost/hello").remoteAddress("fe80::1%eth0").protocol("HTTP/2.0").build();

        assertEquals("fe80::1%eth0", request.remoteAddress());
        assertEquals("HTTP/2.0", request.protocol());
    }

    @Test
    void remoteAddressAndProtocol_malformed_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> request("http://localhost/hello").remoteAddress("1.2.3.4\nX: y"));
        assertThrows(IllegalArgumentException.class, () -> request("http://localhost/hello").remoteAddress(""));
        assertThrows(IllegalArgumentException.class, () -> request("http://localhost/hello").protocol("HTTP/1.1\r\n"));
        assertThrows(IllegalArgumentException.class, () -> request("http://localhost/hello").protocol("http"));
    }

    private static EdgeRequest.Builder request(String url) {
        return EdgeRequest.builder("GET", URI.create(url));
    }
}

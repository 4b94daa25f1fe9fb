package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A guest's fetch of a function of the same host, run in process as a subrequest. */
class SubrequestTest {
    private static final String DENIED = "&config.denied=http://192.0.2.1/nothing";

    private static String self(TestHost host) {
        return "http://127.0.0.1:" + host.server().port();
    }

    @Test
    void selfFetch_runsInProcess_withTheHostsDepthHeaderInPlaceOfTheClients() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");
            host.deployOrFail("gateway", TestHost.sample("gateway"),
                    "fetch-allow=" + self(host) + "&config.allowed=" + self(host) + "/echo/orders?x=1" + DENIED);

            HttpResponse<String> response =
                    host.send(HttpRequest.newBuilder(host.uri("/gateway")).header("x-edge-subrequest-depth", "7").build());

            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("allowed 200 GET\n" + self(host) + "/echo/orders?x=1\n"), response.body());
            // The host's count, one below the fetching request: 7 deep as it arrived, which a sender
            // (another host's fetch) may raise but never lower.
            assertTrue(response.body().contains("x-edge-subrequest-depth: 8\n"), response.body());
            assertTrue(response.body().contains("x-from: gateway\n"), response.body());
            assertTrue(response.body().contains("x-request-id: " + response.headers().firstValue("x-request-id").orElseThrow()),
                    "the subrequest carries the request's id, as over the network: " + response.body());
        }
    }

    @Test
    void selfFetch_inALoop_endsAtTheDepthLimitWith508() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("loop-gateway", TestHost.sample("gateway"),
                    "fetch-allow=" + self(host) + "&config.allowed=" + self(host) + "/loop-gateway" + DENIED);

            HttpResponse<String> response =
                    host.send(HttpRequest.newBuilder(host.uri("/loop-gateway")).header("x-edge-subrequest-depth", "0").build());

            assertEquals(200, response.statusCode(), response.body());
            String body = response.body();
            int levels = body.split("allowed 200 ", -1).length - 1;
            assertEquals(8, levels, "the client's request and 7 subrequests below it fetched: " + body);
            assertTrue(body.contains("allowed 508 {\"error\":\"subrequest_depth_exceeded\""), body);
        }
    }

    @Test
    void selfFetch_ofAnOriginTheOperatorNamed_runsInProcess() {
        try (TestHost host = TestHost.start(null, builder -> builder.selfOrigins(List.of("https://edge.example.com")))) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");
            host.deployOrFail("gateway", TestHost.sample("gateway"),
                    "fetch-allow=https://edge.example.com&config.allowed=https://edge.example.com/echo/x" + DENIED);

            HttpResponse<String> response = host.get("/gateway");

            // No name was resolved and no TLS spoken: the fetch never left the process.
            assertTrue(response.body().startsWith("allowed 200 GET\nhttps://edge.example.com/echo/x\n"), response.body());
            assertTrue(response.body().contains("x-edge-subrequest-depth: 1\n"), response.body());
        }
    }

    @Test
    void selfOrigins_notAnOrigin_isRefusedByTheBuilder() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> EdgeServer.builder().selfOrigins(List.of("https://edge.example.com/path")));
        assertTrue(refused.getMessage().contains("expected scheme://host[:port]"), refused.getMessage());
    }

    @Test
    void selfFetch_notOnTheAllowList_isDenied() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");
            host.deployOrFail("gateway", TestHost.sample("gateway"), "config.allowed=" + self(host) + "/echo" + DENIED);

            HttpResponse<String> response = host.get("/gateway");

            assertEquals("allowed error -4\ndenied -4\n", response.body());
        }
    }
}

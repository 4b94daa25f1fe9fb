package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Two real hosts whose functions fetch each other over the network: {@code x-edge-subrequest-depth}
 * goes out with every fetch and counts on the host it reaches, so the loop ends in {@code 508},
 * not in a hang or a timeout.
 */
class CrossHostLoopTest {
    private static final String DENIED = "&config.denied=http://192.0.2.1/nothing";

    private static String origin(TestHost host) {
        return "http://127.0.0.1:" + host.server().port();
    }

    @Test
    void twoHostsFetchingEachOther_endAtTheDepthLimitWith508() {
        try (TestHost first = TestHost.start(null); TestHost second = TestHost.start(null)) {
            first.deployOrFail("ping", TestHost.sample("gateway"),
                    "fetch-allow=" + origin(second) + "&config.allowed=" + origin(second) + "/pong" + DENIED);
            second.deployOrFail("pong", TestHost.sample("gateway"),
                    "fetch-allow=" + origin(first) + "&config.allowed=" + origin(first) + "/ping" + DENIED);

            long start = System.nanoTime();
            HttpResponse<String> response = first.get("/ping");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, response.statusCode(), response.body());
            String body = response.body();
            int levels = body.split("allowed 200 ", -1).length - 1;
            assertEquals(8, levels, "the client's request and 7 fetches below it, across both hosts, fetched: " + body);
            assertTrue(body.contains("allowed 508 {\"error\":\"subrequest_depth_exceeded\""), body);
            assertTrue(millis < 10_000, "ended by the depth limit, not a timeout: " + millis + " ms");
        }
    }

    @Test
    void requestArrivingDeeperThanTheLimit_isAnswered508_withoutRunning() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");

            HttpResponse<String> response =
                    host.send(HttpRequest.newBuilder(host.uri("/echo")).header("x-edge-subrequest-depth", "9").build());

            assertEquals(508, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"error\":\"subrequest_depth_exceeded\""), response.body());
        }
    }

    @Test
    void depthArriving_raisesTheCountButNeverLowersIt_andTheGuestDoesNotSeeIt() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");

            HttpResponse<String> direct =
                    host.send(HttpRequest.newBuilder(host.uri("/echo")).header("x-edge-subrequest-depth", "3").build());
            HttpResponse<String> lowered =
                    host.send(HttpRequest.newBuilder(host.uri("/echo")).header("x-edge-subrequest-depth", "-1").build());

            assertEquals(200, direct.statusCode(), direct.body());
            assertTrue(!direct.body().contains("x-edge-subrequest-depth"), "not a subrequest of this host: " + direct.body());
            assertEquals(200, lowered.statusCode(), lowered.body());
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway sample over real HTTP against a real local origin. */
class FetchServingTest {
    /**
     * A body of a byte every 200 ms for 20 s. The trickle tests bound the answer by half of that,
     * not by the one-second limits plus a little, which other builds on the machine can take: a
     * host that waits the trickle out answers only after all 20 s.
     */
    private static final int TRICKLE_BYTES = 100;
    private static final Duration TRICKLE_INTERVAL = Duration.ofMillis(200);
    private static final long TRICKLE_MILLIS = TRICKLE_BYTES * TRICKLE_INTERVAL.toMillis();

    @Test
    void gateway_fetchesTheAllowedOriginAndIsRefusedTheOther() {
        try (TestOrigin origin = TestOrigin.start().route("/data", TestOrigin.answer(200, "hello"));
                TestHost host = TestHost.start(null)) {
            host.deployOrFail(
                    "gateway",
                    TestHost.sample("gateway"),
                    "fetch-allow=" + origin.origin() + "&config.allowed=" + origin.origin() + "/data"
                            + "&config.denied=http://127.0.0.1:1/nothing");

            HttpResponse<String> response =
                    host.send(HttpRequest.newBuilder(host.uri("/gateway"))
                            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                            .build());

            assertEquals(200, response.statusCode());
            assertEquals("allowed 200 hello\ndenied -4\n", response.body());
            assertEquals("200", response.headers().firstValue("x-upstream-status").orElseThrow());
            TestOrigin.Received received = origin.received().get(0);
            assertEquals("gateway", received.header("x-from"));
            assertEquals(response.headers().firstValue("x-request-id").orElseThrow(), received.header("x-request-id"));
            assertTrue(received.header("traceparent").startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
        }
    }

    @Test
    void gateway_pooledInstanceServingRequestAfterRequest_fetchesWithEachRequestsOwnIdAndTrace() {
        try (TestOrigin origin = TestOrigin.start().route("/data", TestOrigin.answer(200, "hello"));
                TestHost host = TestHost.start(null)) {
            host.deployOrFail(
                    "gateway",
                    TestHost.sample("gateway"),
                    "fetch-allow=" + origin.origin() + "&config.allowed=" + origin.origin() + "/data"
                            + "&config.denied=http://127.0.0.1:1/nothing");
            String[] traces = {"4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c"};

            for (int i = 0; i < traces.length; i++) {
                HttpResponse<String> response =
                        host.send(HttpRequest.newBuilder(host.uri("/gateway"))
                                .header("traceparent", "00-" + traces[i] + "-00f067aa0ba902b7-01")
                                .build());

                assertEquals("allowed 200 hello\ndenied -4\n", response.body());
                TestOrigin.Received received = origin.received().get(i);
                assertEquals(response.headers().firstValue("x-request-id").orElseThrow(), received.header("x-request-id"));
                assertTrue(received.header("traceparent").startsWith("00-" + traces[i] + "-"), received.header("traceparent"));
            }
        }
    }

    @Test
    void gateway_withoutAnAllowList_canFetchNothing() {
        try (TestOrigin origin = TestOrigin.start().route("/data", TestOrigin.answer(200, "hello"));
                TestHost host = TestHost.start(null)) {
            host.deployOrFail(
                    "gateway",
                    TestHost.sample("gateway"),
                    "config.allowed=" + origin.origin() + "/data&config.denied=" + origin.origin() + "/data");

            assertEquals("allowed error -4\ndenied -4\n", host.get("/gateway").body());
            assertTrue(origin.received().isEmpty());
        }
    }

    @Test
    void gateway_originTricklingItsBody_seesMinusFiveAtTheFetchTimeout() {
        try (TestOrigin origin = TestOrigin.start().route("/trickle", TestOrigin.trickle(TRICKLE_BYTES, TRICKLE_INTERVAL));
                TestHost host = TestHost.start(null)) {
            host.deployOrFail(
                    "gateway",
                    TestHost.sample("gateway"),
                    "fetch-allow=" + origin.origin() + "&fetch-timeout-ms=1000&timeout-ms=10000&config.allowed=" + origin.origin() + "/trickle"
                            + "&config.denied=http://127.0.0.1:1/nothing");
            long start = System.nanoTime();

            HttpResponse<String> response = host.get("/gateway");

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("allowed error -5\ndenied -4\n", response.body());
            assertTrue(millis < TRICKLE_MILLIS / 2, "answered after " + millis + " ms; the whole trickle takes " + TRICKLE_MILLIS + " ms");
        }
    }

    @Test
    void gateway_originTricklingPastTheDeadline_answersTimeoutSoonAfterIt() {
        // The attack as found: both limits at one second; the request ran for 8 to 12 s.
        try (TestOrigin origin = TestOrigin.start().route("/trickle", TestOrigin.trickle(TRICKLE_BYTES, TRICKLE_INTERVAL));
                TestHost host = TestHost.start(null)) {
            host.deployOrFail(
                    "gateway",
                    TestHost.sample("gateway"),
                    "fetch-allow=" + origin.origin() + "&fetch-timeout-ms=1000&timeout-ms=1000&config.allowed=" + origin.origin() + "/trickle"
                            + "&config.denied=http://127.0.0.1:1/nothing");
            long start = System.nanoTime();

            HttpResponse<String> response = host.get("/gateway");

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(504, response.statusCode(), response.body());
            assertEquals("timeout", TestHost.errorCode(response));
            assertTrue(millis < TRICKLE_MILLIS / 2, "answered after " + millis + " ms; the whole trickle takes " + TRICKLE_MILLIS + " ms");
        }
    }

    @Test
    void deploy_malformedAllowList_isBadRequest() {
        try (TestHost host = TestHost.start(null)) {
            HttpResponse<String> response = host.deploy("gateway", TestHost.sample("gateway"), "fetch-allow=ftp://example.com");

            assertEquals(400, response.statusCode());
            assertEquals("bad_request", TestHost.errorCode(response));
        }
    }
}

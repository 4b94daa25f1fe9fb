package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JavaScript sample {@code api-router} on a real host, in front of two real services. */
class JsApiRouterSampleTest {
    private static final String SCRIPT = "javascript/api-router/api-router.js";

    private static SampleOrigin users;
    private static SampleOrigin orders;
    private static SampleHost host;

    @BeforeAll
    static void start() {
        users = new SampleOrigin("{\"service\":\"users\"}");
        orders = new SampleOrigin("{\"service\":\"orders\"}");
        host = SampleHost.start(false);
        host.deployScript(
                "api",
                SCRIPT,
                Map.of("users-origin", users.origin() + "/v1", "orders-origin", orders.origin()),
                users.origin() + "," + orders.origin());
    }

    @AfterAll
    static void stop() {
        host.close();
        users.close();
        orders.close();
    }

    @Test
    void usersPath_goesToTheUsersService() {
        HttpResponse<String> response = host.send(host.request("/api/users/42?fields=name").header("x-trace", "t1").build());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"service\":\"users\"}", response.body());
        assertEquals("/users", response.headers().firstValue("x-edge-route").orElseThrow());
        SampleOrigin.Received received = users.received().get(users.received().size() - 1);
        assertEquals("/v1/users/42?fields=name", received.uri().toString());
        assertEquals("t1", received.headers().getFirst("x-trace"));
    }

    @Test
    void ordersPost_forwardsMethodAndBody() {
        HttpResponse<String> response =
                host.send(host.request("/api/orders").POST(HttpRequest.BodyPublishers.ofString("{\"item\":7}")).build());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"service\":\"orders\"}", response.body());
        SampleOrigin.Received received = orders.received().get(orders.received().size() - 1);
        assertEquals("POST", received.method());
        assertEquals("/orders", received.uri().getPath());
        assertEquals("{\"item\":7}", received.body());
    }

    @Test
    void otherPath_is404() {
        HttpResponse<String> response = host.send(host.request("/api/admin").build());

        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"no_route\",\"path\":\"/admin\"}", response.body());
    }

    @Test
    void summary_slowServices_areFetchedAtOnce() {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, host.send(host.request("/api/summary/7").build()).statusCode());
        }
        users.delay(300);
        orders.delay(300);
        try {
            long start = System.nanoTime();
            HttpResponse<String> response = host.send(host.request("/api/summary/7").build());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"user\":{\"service\":\"users\"},\"orders\":{\"service\":\"orders\"}}", response.body());
            // One after the other the two fetches would take 600 ms; started together, about 300.
            System.out.println("summary with two services answering after 300 ms each: " + elapsedMs + " ms");
            assertTrue(elapsedMs < 550, elapsedMs + " ms");
        } finally {
            users.delay(0);
            orders.delay(0);
        }
        SampleOrigin.Received asked = orders.received().get(orders.received().size() - 1);
        assertEquals("/orders?user=7", asked.uri().toString());
    }

    @Test
    void summary_badId_is400() {
        HttpResponse<String> response = host.send(host.request("/api/summary/a.b").build());

        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"bad_id\",\"path\":\"/summary/a.b\"}", response.body());
    }
}

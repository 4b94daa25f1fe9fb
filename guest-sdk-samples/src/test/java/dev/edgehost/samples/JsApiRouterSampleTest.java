package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

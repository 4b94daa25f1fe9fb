package dev.edgehost.testing.kit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testing.kit.EdgeTest;
import dev.edgehost.testing.kit.Samples;
import dev.edgehost.testing.kit.StubOrigin;
import dev.edgehost.testing.kit.TestEdge;
import dev.edgehost.testing.kit.TestFunction;
import dev.edgehost.testing.kit.TestResponse;
import org.junit.jupiter.api.Test;

/** Testing a Rust function, the api-gateway sample: both origins it merges are stubs. */
@EdgeTest
class ApiGatewayTest {

    private static TestFunction gateway(TestEdge edge, StubOrigin users, StubOrigin orders) {
        return edge.deploy("api-gateway", Samples.module("rust/api-gateway/api-gateway.wasm"),
                settings -> settings.config("users-origin", users.url()).config("orders-origin", orders.url()));
    }

    @Test
    void summary_mergesBothOrigins(TestEdge edge) {
        StubOrigin users = edge.origin().answer("GET", "/users/7", 200, "{\"name\":\"Ada\"}", "content-type", "application/json");
        StubOrigin orders = edge.origin().answer("GET", "/orders", 200, "[{\"id\":1}]", "content-type", "application/json");

        TestResponse response = gateway(edge, users, orders).get("/summary/7");

        assertEquals(200, response.status(), response.toString());
        assertEquals("application/json", response.header("content-type"));
        assertEquals("{\"user\":{\"name\":\"Ada\"},\"orders\":[{\"id\":1}]}", response.text());
        assertEquals("/orders?user=7", orders.received().get(0).path());
    }

    @Test
    void summary_originAnsweringAnError_is502(TestEdge edge) {
        StubOrigin users = edge.origin().answer("GET", "/users/7", 500, "down");
        StubOrigin orders = edge.origin().answer("GET", "/orders", 200, "[]");

        assertEquals(502, gateway(edge, users, orders).get("/summary/7").status());
    }

    @Test
    void users_areProxiedWithStatusAndBody(TestEdge edge) {
        StubOrigin users = edge.origin().answer("*", "/users/*", request -> StubOrigin.Answer.of(201, "made " + request.text()));
        StubOrigin orders = edge.origin();

        TestResponse response = gateway(edge, users, orders).post("/users/new", "ada");

        assertEquals(201, response.status());
        assertEquals("made ada", response.text());
        assertEquals("POST", users.received().get(0).method());
    }
}

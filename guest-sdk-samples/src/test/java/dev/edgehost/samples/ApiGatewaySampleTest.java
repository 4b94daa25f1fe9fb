package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Rust sample {@code api-gateway} on a real host, with two real origins. */
class ApiGatewaySampleTest {
    private static final String WASM = "rust/api-gateway/api-gateway.wasm";

    private static SampleHost host;
    private static SampleOrigin users;
    private static SampleOrigin orders;

    @BeforeAll
    static void start() {
        users = new SampleOrigin("{\"id\":\"7\",\"name\":\"Ada\"}\n");
        orders = new SampleOrigin("[{\"id\":1},{\"id\":2}]");
        host = SampleHost.start(false);
        host.deploy("api-gateway", WASM, Map.of("users-origin", users.origin(), "orders-origin", orders.origin()),
                users.origin() + "," + orders.origin());
        host.deploy("api-gateway-broken", WASM, Map.of("users-origin", users.origin(), "orders-origin", "http://127.0.0.1:1"),
                users.origin() + ",http://127.0.0.1:1");
    }

    @AfterAll
    static void stop() {
        host.close();
        users.close();
        orders.close();
    }

    @Test
    void summary_mergesBothOriginsJson() {
        HttpResponse<String> response = host.send(host.request("/api-gateway/summary/7").build());

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"user\":{\"id\":\"7\",\"name\":\"Ada\"},\"orders\":[{\"id\":1},{\"id\":2}]}", response.body());
        assertTrue(users.received().stream().anyMatch(request -> request.uri().toString().equals("/users/7")), users.received()::toString);
        assertTrue(orders.received().stream().anyMatch(request -> request.uri().toString().equals("/orders?user=7")), orders.received()::toString);
    }

    @Test
    void summary_slowOrigins_areFetchedAtOnce() {
        users.delay(300);
        orders.delay(300);
        try {
            host.send(host.request("/api-gateway/summary/7").build());
            long start = System.nanoTime();
            HttpResponse<String> response = host.send(host.request("/api-gateway/summary/7").build());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, response.statusCode());
            // One after the other the two fetches would take 600 ms; started together, about 300.
            System.out.println("summary with two origins answering after 300 ms each: " + elapsedMs + " ms");
            assertTrue(elapsedMs < 550, elapsedMs + " ms");
        } finally {
            users.delay(0);
            orders.delay(0);
        }
    }

    @Test
    void usersRoute_isProxiedWithMethodQueryHeadersAndBody() {
        HttpResponse<String> response = host.send(host.request("/api-gateway/users/7?fields=name")
                .header("x-trace", "abc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada L.\"}"))
                .build());

        assertEquals(200, response.statusCode());
        assertEquals("{\"id\":\"7\",\"name\":\"Ada\"}\n", response.body());
        assertEquals(List.of("application/json"), response.headers().allValues("content-type"));
        SampleOrigin.Received received = users.received().stream()
                .filter(request -> request.method().equals("POST")).findFirst().orElseThrow();
        assertEquals("/users/7?fields=name", received.uri().toString());
        assertEquals("abc", received.headers().getFirst("x-trace"));
        assertEquals("{\"name\":\"Ada L.\"}", received.body());
    }

    @Test
    void unknownRoute_isNotFound() {
        HttpResponse<String> response = host.send(host.request("/api-gateway/nothing-here").build());

        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"no route\"}", response.body());
    }

    @Test
    void summary_badId_isRefused() {
        assertEquals(400, host.send(host.request("/api-gateway/summary/7;drop").build()).statusCode());
    }

    @Test
    void summary_unreachableOrigin_isBadGateway() {
        HttpResponse<String> response = host.send(host.request("/api-gateway-broken/summary/7").build());

        assertEquals(502, response.statusCode());
        assertEquals("{\"error\":\"an origin did not answer with a JSON document\"}", response.body());
    }
}

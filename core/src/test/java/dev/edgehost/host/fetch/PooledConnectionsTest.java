package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.FetchResponse;
import io.undertow.Undertow;
import io.undertow.server.ServerConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keep-alive connections per origin, shared by every request of a function and by nothing else. */
class PooledConnectionsTest {
    private final Set<ServerConnection> connections = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final FetchClients clients = new FetchClients();
    private Undertow server;
    private String origin;

    @BeforeEach
    void startOrigin() {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1", exchange -> {
                    connections.add(exchange.getConnection());
                    exchange.getResponseSender().send(ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)));
                })
                .build();
        server.start();
        origin = "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop();
    }

    private FunctionFetch request(String function) {
        return new FunctionFetch(
                clients, OriginAllowList.parse(List.of(origin)), FunctionLimits.builder().fetchMaxRequests(1_000).build(),
                "r", TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofMinutes(5).toNanos(), function,
                (level, message) -> { });
    }

    @Test
    void thousandSequentialFetches_ofTenRequests_reuseTheirConnection() {
        byte[] buffer = new byte[16];
        for (int request = 0; request < 10; request++) {
            FunctionFetch fetch = request("shop");
            for (int i = 0; i < 100; i++) {
                FetchResponse response = fetch.response(fetch.fetch("GET", origin + "/item/" + i, "", new byte[0]));
                assertEquals(200, response.status());
                assertEquals(2, response.readBody(buffer, 0, buffer.length));
            }
            fetch.end();
        }

        // A connection goes back to the pool just after the body's end reaches the guest, so a fetch
        // made at that instant may open a second one; never more.
        assertTrue(connections.size() <= 2, connections.size() + " TCP connections the origin saw for 1,000 fetches");
    }

    @Test
    void anotherFunction_getsItsOwnConnection() {
        request("shop").fetch("GET", origin + "/", "", new byte[0]);
        request("shop").fetch("GET", origin + "/", "", new byte[0]);
        request("blog").fetch("GET", origin + "/", "", new byte[0]);

        assertTrue(connections.size() >= 2 && connections.size() <= 3, connections.size() + " connections");
    }
}

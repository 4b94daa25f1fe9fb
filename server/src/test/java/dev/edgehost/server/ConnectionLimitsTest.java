package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.TestHost;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caps on connections, against a real host: beyond the total or one client's share a new
 * connection is closed at once, while the connections already held, other clients and the other
 * listener are served.
 */
@Timeout(60)
class ConnectionLimitsTest {
    private static final String GET_HELLO = "GET /hello HTTP/1.1\r\nhost: x\r\n\r\n";

    private static TestHost host(UnaryOperator<EdgeServer.Builder> limits) {
        TestHost host = TestHost.start(null, limits);
        host.deployOrFail("hello", TestHost.sample("hello"), "");
        return host;
    }

    @Test
    void connectionsFromOneClient_overItsCap_areClosedAtOnce() throws Exception {
        try (TestHost host = host(builder -> builder.maxConnectionsPerClient(10));
                SlowClients clients = SlowClients.open(host.server().port(), 15, "")) {
            // Which five are refused depends on how the IO threads take them; that five are does not.
            assertEquals(5, clients.awaitClosedByHost(5, 5_000), "over the cap");
            Thread.sleep(200);
            assertEquals(5, clients.closedByHost(), "the ten within the cap stay open");
            assertEquals("HTTP/1.1 200 OK", clients.statusLine(clients.firstOpen(), GET_HELLO), "the connections held are served");
            try (SlowClients other = SlowClients.open("127.0.0.2", host.server().port(), 1, "")) {
                assertEquals("HTTP/1.1 200 OK", other.statusLine(0, GET_HELLO), "another client is served");
            }
            assertEquals(200, host.admin("GET", "/functions").statusCode(), "the admin listener has its own count");

            clients.closeFirst(clients.size());
            Thread.sleep(500);
            try (SlowClients again = SlowClients.open(host.server().port(), 10, "")) {
                Thread.sleep(200);
                assertEquals(0, again.closedByHost(), "closed connections make room");
                assertEquals("HTTP/1.1 200 OK", again.statusLine(9, GET_HELLO));
            }
        }
    }

    @Test
    void connectionsOverTheTotal_areClosedAtOnce() throws Exception {
        try (TestHost host = host(builder -> builder.maxConnections(20).maxConnectionsPerClient(1000));
                SlowClients clients = SlowClients.open(host.server().port(), 20, "");
                SlowClients others = SlowClients.open("127.0.0.2", host.server().port(), 3, "")) {
            assertEquals(3, others.awaitClosedByHost(3, 5_000) + clients.closedByHost(), "over the total");
            Thread.sleep(200);
            assertEquals(3, others.closedByHost() + clients.closedByHost(), "the twenty within it stay open");
            assertEquals("HTTP/1.1 200 OK", clients.statusLine(clients.firstOpen(), GET_HELLO));
        }
    }
}

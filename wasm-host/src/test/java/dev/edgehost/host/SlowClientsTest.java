package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that declare large bodies and send little, or send slowly, against a real host: the host
 * holds what actually arrived, never what was declared, and keeps serving everyone else.
 */
@Timeout(120)
class SlowClientsTest {
    private static final int MEBIBYTE = 1 << 20;

    /** Used heap after a full collection, as the host in this JVM holds it. */
    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Sends a byte on every connection every 200 ms for as long as {@code millis}. */
    private static void trickleFor(SlowClients clients, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            clients.trickle((byte) 'a');
            Thread.sleep(200);
        }
    }

    private static TestHost hostWithTimeouts(Duration read, Duration idle) {
        TestHost host = TestHost.start(null, builder -> builder.readTimeout(read).idleTimeout(idle));
        host.deployOrFail("hello", TestHost.sample("hello"), "");
        return host;
    }

    @Test
    void trickledHeaders_areCutOffAtTheReadTimeout() throws Exception {
        try (TestHost host = hostWithTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1));
                SlowClients clients = SlowClients.open(host.server().port(), 50, "GET /hello HTTP/1.1\r\nhost: x\r\nx-slow: ")) {
            trickleFor(clients, 1_000);
            assertEquals(0, clients.closedByHost(), "cut off before the read timeout");

            trickleFor(clients, 2_000);
            assertEquals(50, clients.closedByHost());
        }
    }

    @Test
    void trickledBody_isCutOffAtTheReadTimeout() throws Exception {
        try (TestHost host = hostWithTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1));
                SlowClients clients =
                        SlowClients.open(host.server().port(), 50, "POST /hello HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\n")) {
            trickleFor(clients, 1_000);
            assertEquals(0, clients.closedByHost(), "cut off before the read timeout");

            trickleFor(clients, 2_000);
            assertEquals(50, clients.closedByHost());
            assertEquals("Hello from the edge!\n", host.get("/hello").body());
        }
    }

    @Test
    void silentConnections_areClosedAtTheIdleTimeout() throws Exception {
        try (TestHost host = hostWithTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(2));
                SlowClients silent = SlowClients.open(host.server().port(), 80, "");
                SlowClients silentAdmin = SlowClients.open(host.server().adminPort(), 20, "")) {
            Thread.sleep(1_000);
            assertEquals(0, silent.closedByHost() + silentAdmin.closedByHost(), "closed before the idle timeout");

            Thread.sleep(2_000);
            assertEquals(80, silent.closedByHost());
            assertEquals(20, silentAdmin.closedByHost());
        }
    }

    @Test
    void stalledUploads_areCutOffAtTheReadTimeoutAndDeploysGoOn() throws Exception {
        try (TestHost host = hostWithTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1));
                SlowClients uploads =
                        SlowClients.open(
                                host.server().adminPort(), 40, "PUT /functions/stalled HTTP/1.1\r\nhost: localhost\r\ncontent-length: 1000000\r\n\r\n\0")) {
            Thread.sleep(1_000);
            assertEquals(0, uploads.closedByHost(), "cut off before the read timeout");
            host.deployOrFail("other", TestHost.sample("hello"), "");

            Thread.sleep(2_000);
            assertEquals(40, uploads.closedByHost());
            assertEquals(404, host.admin("GET", "/functions/stalled").statusCode());
        }
    }

    @Test
    void declaredLargeBodies_holdOnlyTheBytesThatArrived() throws Exception {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            long before = usedHeap();

            // The attack: a body of 10 MiB declared, one byte of it sent, the connection held open.
            try (SlowClients clients =
                    SlowClients.open(host.server().port(), 40, "POST /hello HTTP/1.1\r\nhost: x\r\ncontent-length: 10485760\r\n\r\nx")) {
                Thread.sleep(1_000);
                long held = usedHeap() - before;

                assertTrue(held < 16L * MEBIBYTE, "40 connections declaring 10 MiB hold " + held / MEBIBYTE + " MiB");
                assertEquals("Hello from the edge!\n", host.get("/hello").body());
                assertEquals(0, clients.closedByHost(), "the connections are still open, waiting for their bodies");
            }
        }
    }
}

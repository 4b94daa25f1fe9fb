package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
            assertEquals(50, clients.awaitClosedByHost(50, 2_000));
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
            assertEquals(50, clients.awaitClosedByHost(50, 2_000));
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

            Thread.sleep(1_000);
            assertEquals(80, silent.awaitClosedByHost(80, 2_000));
            assertEquals(20, silentAdmin.awaitClosedByHost(20, 2_000));
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

            Thread.sleep(1_000);
            assertEquals(40, uploads.awaitClosedByHost(40, 2_000));
            assertEquals(404, host.admin("GET", "/functions/stalled").statusCode());
        }
    }

    @Test
    void liveLogStream_outlivesTheReadAndIdleTimeouts() throws Exception {
        try (TestHost host = hostWithTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
                SseEvents stream = SseEvents.open(host.client(), host.adminUri("/functions/hello/logs?backlog=0"))) {
            assertEquals(200, stream.response().statusCode());
            Thread.sleep(2_500);

            host.get("/hello/after");

            List<SseEvents.Event> events = stream.until(event -> event.type().equals("request"));
            assertEquals("/hello/after", events.get(events.size() - 1).data().path("path").asText());
        }
    }

    @Test
    void hundredsOfSlowClients_leaveGoodRequestsFastAndTheHeapBounded() throws Exception {
        Duration timeout = Duration.ofSeconds(10);
        try (TestHost host =
                TestHost.start(null, builder -> builder.readTimeout(timeout).idleTimeout(timeout).maxConnectionsPerClient(1_000))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            for (int i = 0; i < 50; i++) {
                host.get("/hello");
            }
            long before = usedHeap();
            int port = host.server().port();
            try (SlowClients headers = SlowClients.open(port, 100, "GET /hello HTTP/1.1\r\nhost: x\r\nx-slow: ");
                    SlowClients bodies = SlowClients.open(port, 100, "POST /hello HTTP/1.1\r\nhost: x\r\ncontent-length: 10485760\r\n\r\n");
                    SlowClients silent = SlowClients.open(port, 100, "")) {
                // A byte a second on every trickling connection, and good requests in between.
                List<Long> latencies = new ArrayList<>();
                for (int second = 0; second < 3; second++) {
                    long next = System.nanoTime() + 1_000_000_000L;
                    headers.trickle((byte) 'a');
                    bodies.trickle((byte) 'b');
                    for (int i = 0; i < 20; i++) {
                        long start = System.nanoTime();
                        assertEquals("Hello from the edge!\n", host.get("/hello").body());
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                    }
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                assertEquals(0, headers.closedByHost() + bodies.closedByHost() + silent.closedByHost(), "all 300 are still open");
                long held = usedHeap() - before;

                Collections.sort(latencies);
                long median = latencies.get(latencies.size() / 2);
                long slowest = latencies.get(latencies.size() - 1);
                assertTrue(median < 100 && slowest < 1_000, "good requests took " + median + " ms (median), " + slowest + " ms (slowest)");
                assertTrue(held < 32L * MEBIBYTE, "300 slow connections hold " + held / MEBIBYTE + " MiB");

                assertEquals(100, headers.awaitClosedByHost(100, 10_000));
                assertEquals(100, bodies.awaitClosedByHost(100, 3_000));
                assertEquals(100, silent.awaitClosedByHost(100, 3_000));
            }
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

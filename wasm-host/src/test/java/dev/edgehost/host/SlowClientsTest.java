package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

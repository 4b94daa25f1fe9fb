package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ArrivingBodyTest {

    @Test
    void read_bytesArrivingInSmallPieces_fillsTheWholeBuffer() throws Exception {
        ArrivingBody body = new ArrivingBody("too large", () -> { });
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10; i++) {
                body.offer(new byte[10]);
                sleep(20);
            }
            body.complete();
        });

        byte[] target = new byte[100];
        // One read, as from a body read whole: the guest's calls and fuel must not depend on timing.
        assertEquals(100, body.read(target, 0, 100));
        assertEquals(0, body.read(target, 0, 100));
        client.get();
    }

    @Test
    void read_bodyEndingBeforeTheBufferIsFull_returnsWhatArrived() {
        ArrivingBody body = new ArrivingBody("too large", () -> { });
        body.offer(new byte[30]);
        body.complete();

        assertEquals(30, body.read(new byte[100], 0, 100));
        assertEquals(0, body.read(new byte[100], 0, 100));
    }

    @Test
    void read_moreThanMayWait_resumesTheAdapterAndStillFills() throws Exception {
        int total = ArrivingBody.MAX_QUEUED * 3;
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        ArrivingBody body = new ArrivingBody("too large", () -> resumed.complete(null));
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            int sent = 0;
            while (sent < total) {
                boolean more = body.offer(new byte[64 << 10]);
                sent += 64 << 10;
                if (!more) {
                    resumed.join();
                }
            }
            body.complete();
        });

        assertEquals(total, body.read(new byte[total], 0, total));
        client.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

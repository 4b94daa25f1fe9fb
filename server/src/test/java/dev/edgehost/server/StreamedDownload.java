package dev.edgehost.server;

import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * A large response read as it streams, with the heap the process holds meanwhile: after a
 * collection every 20 MiB, so that a body the host buffered would show, and not the garbage of
 * one that streams.
 *
 * @param response the response, its body read
 * @param received the body's length
 * @param firstByteNanos from sending the request to the first byte of the body
 * @param totalNanos from sending the request to the body's end
 * @param peakHeldBytes the most heap held above the start, after a collection
 */
record StreamedDownload(HttpResponse<InputStream> response, long received, long firstByteNanos, long totalNanos, long peakHeldBytes) {
    private static final long SAMPLE_EVERY = 20 << 20;

    /** Reads {@code path} from {@code host} to the end. */
    static StreamedDownload of(TestHost host, String path) throws IOException, InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response =
                host.client().send(HttpRequest.newBuilder(host.uri(path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long firstByteNanos = 0;
        long received = 0;
        long peak = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                if (received == 0 && n > 0) {
                    firstByteNanos = System.nanoTime() - sent;
                }
                long before = received;
                received += n;
                if (before / SAMPLE_EVERY != received / SAMPLE_EVERY) {
                    System.gc();
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
                }
            }
        }
        return new StreamedDownload(response, received, firstByteNanos, System.nanoTime() - sent, peak);
    }

    /** A line for the test's output: first byte, end, throughput and heap held. */
    String describe(String what) {
        return String.format(Locale.ROOT, "%s: first byte after %.1f ms, all after %.1f ms (%.0f MiB/s), held heap at most %.1f MiB above the start",
                what, firstByteNanos / 1e6, totalNanos / 1e6, received / (totalNanos / 1e9) / (1 << 20), peakHeldBytes / (double) (1 << 20));
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.TestOrigin;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JavaScript responses that stream over real HTTP: a proxied origin body and a script's own
 * ReadableStream reach the client as their chunks come (resp_flush, then resp_write per chunk),
 * and an error of the stream cuts the response.
 */
class JavaScriptStreamingTest {
    private static final long LARGE_BYTES = 200L << 20;
    private static final long SLOW_MS = 1_000;
    private static final String PROXY = "export default { fetch: (request, env) => fetch(env.origin + '/large') };";
    /** A stream whose second chunk waits for a slow fetch, and which fails after it when the path says so. */
    private static final String SLOW_STREAM =
            """
            export default {
              async fetch(request, env) {
                const fails = new URL(request.url).pathname.endsWith('/fail');
                const stream = new ReadableStream({
                  async start(controller) {
                    controller.enqueue('first\\n');
                    const slow = await fetch(env.origin + '/slow');
                    controller.enqueue(`then ${await slow.text()}\\n`);
                    if (fails) controller.error(new Error('the source failed'));
                    else controller.close();
                  },
                });
                return new Response(stream, { headers: { 'x-streamed': 'yes' } });
              },
            };
            """;

    private static TestHost host;
    private static TestOrigin origin;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start()
                .route("/large", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, LARGE_BYTES);
                    byte[] chunk = new byte[64 << 10];
                    OutputStream body = exchange.getOutputStream();
                    for (long sent = 0; sent < LARGE_BYTES; sent += chunk.length) {
                        body.write(chunk, 0, (int) Math.min(chunk.length, LARGE_BYTES - sent));
                    }
                    body.close();
                })
                .route("/slow", exchange -> {
                    Thread.sleep(SLOW_MS);
                    TestOrigin.send(exchange, 200, "slow");
                });
        host = TestHost.start(null);
        String fetching = "fetch-allow=" + origin.origin() + "&config.origin=" + origin.origin();
        // 32 MiB of guest memory: the engine could never hold the body, only chunks of it.
        host.deployScriptOrFail("proxy", PROXY, fetching + "&memory-pages=512&max-response-body=" + (LARGE_BYTES + 1)
                + "&fetch-max-response-bytes=" + (LARGE_BYTES + 1) + "&timeout-ms=120000&fetch-timeout-ms=120000&fuel=100000000000");
        host.deployScriptOrFail("slow", SLOW_STREAM, fetching);
    }

    @AfterAll
    static void stop() {
        host.close();
        origin.close();
    }

    @Test
    void proxiedFetch_200MiBOriginBody_streamsWithBoundedHeap() throws Exception {
        StreamedDownload download = StreamedDownload.of(host, "/proxy");
        HttpResponse<InputStream> response = download.response();
        System.out.println(download.describe("JavaScript proxy of 200 MiB"));

        assertEquals(200, response.statusCode());
        assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElseThrow());
        assertEquals(LARGE_BYTES, download.received());
        assertTrue(download.peakHeldBytes() < 48L << 20, "the host held " + download.peakHeldBytes() + " bytes of heap while streaming");
        assertTrue(download.firstByteNanos() < download.totalNanos() / 4,
                "the first byte came after " + download.firstByteNanos() / 1e6 + " ms of " + download.totalNanos() / 1e6);
    }

    @Test
    void scriptStream_chunkAfterASlowFetch_firstChunkArrivesBeforeIt() throws Exception {
        // Once before measuring, so that the timing is the stream's and not the function's first start.
        assertEquals("first\nthen slow\n", host.get("/slow").body());
        long sent = System.nanoTime();
        HttpResponse<InputStream> response =
                host.client().send(HttpRequest.newBuilder(host.uri("/slow")).build(), HttpResponse.BodyHandlers.ofInputStream());
        long headNanos = System.nanoTime() - sent;
        try (InputStream body = response.body()) {
            String first = readLine(body);
            long firstNanos = System.nanoTime() - sent;
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            long totalNanos = System.nanoTime() - sent;

            assertEquals(200, response.statusCode());
            assertEquals("yes", response.headers().firstValue("x-streamed").orElseThrow());
            assertTrue(response.headers().firstValue("x-request-id").isPresent());
            assertFalse(response.headers().firstValue("content-length").isPresent());
            assertEquals("first", first);
            assertEquals("then slow\n", rest);
            // The head and the first chunk left before the slow fetch answered, which the rest waited for.
            long slowNanos = SLOW_MS * 1_000_000;
            assertTrue(totalNanos - headNanos >= slowNanos * 3 / 4, "the head came " + (totalNanos - headNanos) / 1e6 + " ms before the end");
            assertTrue(totalNanos - firstNanos >= slowNanos * 3 / 4, "the first chunk came " + (totalNanos - firstNanos) / 1e6 + " ms before the end");
        }
    }

    @Test
    void scriptStream_errorMidStream_cutsTheResponse() throws Exception {
        HttpResponse<InputStream> response =
                host.client().send(HttpRequest.newBuilder(host.uri("/slow/fail")).build(), HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertEquals("first", readLine(body));
            assertEquals("then slow", readLine(body));
            assertThrows(IOException.class, body::readAllBytes);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            assertTrue(b >= 0, "the body ended before a line feed");
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}

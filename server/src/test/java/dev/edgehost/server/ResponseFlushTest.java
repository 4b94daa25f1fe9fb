package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code resp_flush} over real HTTP: what a flushed response sends, when, and how a failure after it ends it. */
class ResponseFlushTest {
    private static final String IMPORTS =
            """
            (import "edge" "resp_set_status" (func $status (param i32) (result i32)))
            (import "edge" "resp_set_header" (func $set (param i32 i32 i32 i32) (result i32)))
            (import "edge" "resp_add_header" (func $add (param i32 i32 i32 i32) (result i32)))
            (import "edge" "resp_write" (func $write (param i32 i32) (result i32)))
            (import "edge" "resp_flush" (func $flush (result i32)))
            """;
    /** Sets x-before, writes a line, flushes, then writes what flushing and changing the head returned, one per line. */
    private static final String SEMANTICS =
            "(module " + IMPORTS
                    + """
                    (memory (export "memory") 1)
                    (data (i32.const 0) "x-before") (data (i32.const 16) "1") (data (i32.const 32) "x-after")
                    (data (i32.const 48) "before\\n")
                    (global $out (mut i32) (i32.const 1024))
                    (func $r (param $v i32)
                      ;; the results are 0 or -2: "0" or "-2", and a line feed
                      (if (i32.lt_s (local.get $v) (i32.const 0))
                        (then
                          (i32.store8 (global.get $out) (i32.const 45))
                          (global.set $out (i32.add (global.get $out) (i32.const 1)))
                          (local.set $v (i32.sub (i32.const 0) (local.get $v)))))
                      (i32.store8 (global.get $out) (i32.add (i32.const 48) (local.get $v)))
                      (i32.store8 offset=1 (global.get $out) (i32.const 10))
                      (global.set $out (i32.add (global.get $out) (i32.const 2))))
                    (func (export "handle")
                      (drop (call $set (i32.const 0) (i32.const 8) (i32.const 16) (i32.const 1)))
                      (drop (call $write (i32.const 48) (i32.const 7)))
                      (call $r (call $flush))
                      (call $r (call $set (i32.const 32) (i32.const 7) (i32.const 16) (i32.const 1)))
                      (call $r (call $add (i32.const 32) (i32.const 7) (i32.const 16) (i32.const 1)))
                      (call $r (call $status (i32.const 404)))
                      (call $r (call $flush))
                      (drop (call $write (i32.const 1024) (i32.sub (global.get $out) (i32.const 1024))))))
                    """;
    /** Flushes "partial", then fails as the query says: trap, or spin until fuel or the deadline stop it. */
    private static final String FAILS_AFTER_FLUSH =
            "(module " + IMPORTS
                    + """
                    (import "edge" "req_url" (func $url (param i32 i32) (result i32)))
                    (memory (export "memory") 1)
                    (data (i32.const 0) "partial")
                    (func (export "handle") (local $n i32)
                      (drop (call $write (i32.const 0) (i32.const 7)))
                      (drop (call $flush))
                      (local.set $n (call $url (i32.const 100) (i32.const 200)))
                      ;; a URL ending in "trap" traps; any other spins
                      (if (i32.eq (i32.load8_u (i32.add (i32.const 99) (local.get $n))) (i32.const 112))
                        (then unreachable))
                      (loop $spin (br $spin))))
                    """;
    /** Flushes, then writes {@code 3200 x 64 KiB} (200 MiB) of zeros. */
    private static final String LARGE =
            "(module " + IMPORTS
                    + """
                    (memory (export "memory") 1)
                    (func (export "handle") (local $i i32)
                      (drop (call $flush))
                      (loop $next
                        (drop (call $write (i32.const 0) (i32.const 65536)))
                        (local.set $i (i32.add (local.get $i) (i32.const 1)))
                        (br_if $next (i32.lt_u (local.get $i) (i32.const 3200))))))
                    """;
    private static final long LARGE_BYTES = 3200L * 65536;

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
        host.deployOrFail("semantics", TestHost.wat(SEMANTICS), "");
        host.deployOrFail("trap", TestHost.wat(FAILS_AFTER_FLUSH), "");
        host.deployOrFail("fuel", TestHost.wat(FAILS_AFTER_FLUSH), "fuel=2000000&timeout-ms=20000");
        host.deployOrFail("deadline", TestHost.wat(FAILS_AFTER_FLUSH), "fuel=100000000000&timeout-ms=300");
        host.deployOrFail("large", TestHost.wat(LARGE), "max-response-body=" + (LARGE_BYTES + 1) + "&timeout-ms=120000&fuel=100000000000");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void respFlush_headAfterFlush_isRefusedAndBodyStreams() {
        HttpResponse<String> response = host.get("/semantics");

        assertEquals(200, response.statusCode());
        assertEquals("before\n0\n-2\n-2\n-2\n0\n", response.body());
        assertEquals("1", response.headers().firstValue("x-before").orElseThrow());
        assertFalse(response.headers().firstValue("x-after").isPresent());
        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().matches("[0-9a-f]{24}"));
        assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElseThrow());
    }

    @Test
    void respFlush_trapAfterFlush_cutsTheResponse() throws Exception {
        assertCut("/trap/trap");
    }

    @Test
    void respFlush_fuelRunsOutAfterFlush_cutsTheResponse() throws Exception {
        assertCut("/fuel/spin");
    }

    @Test
    void respFlush_deadlinePassesAfterFlush_cutsTheResponse() throws Exception {
        assertCut("/deadline/spin");
    }

    @Test
    void respFlush_failureAfterFlush_isLoggedAndCountedWithItsError() throws Exception {
        assertCut("/trap/trap");

        // Recorded just after the cut, on the worker: the client may see the cut first.
        long until = System.nanoTime() + 5_000_000_000L;
        String metrics = host.admin("GET", "/metrics").body();
        while (!metrics.contains("edge_errors_total{error=\"trap\",function=\"trap\"}") && System.nanoTime() < until) {
            Thread.sleep(20);
            metrics = host.admin("GET", "/metrics").body();
        }
        assertTrue(metrics.contains("edge_errors_total{error=\"trap\",function=\"trap\"}"), metrics);
        assertTrue(metrics.contains("edge_requests_total{function=\"trap\",status=\"200\"}"), metrics);
    }

    @Test
    void respFlush_200MiBBody_streamsWithBoundedHeap() throws Exception {
        StreamedDownload download = StreamedDownload.of(host, "/large");
        HttpResponse<InputStream> response = download.response();
        System.out.println(download.describe("resp_flush 200 MiB"));

        assertEquals(200, response.statusCode());
        assertEquals(LARGE_BYTES, download.received());
        assertTrue(download.peakHeldBytes() < 48L << 20, "the host held " + download.peakHeldBytes() + " bytes of heap while streaming");
        assertTrue(download.firstByteNanos() < download.totalNanos() / 4,
                "the first byte came after " + download.firstByteNanos() / 1e6 + " ms of " + download.totalNanos() / 1e6);
    }

    /** The client gets the status and "partial", and then an error, never a clean end of the body. */
    private static void assertCut(String path) throws Exception {
        HttpResponse<InputStream> response =
                host.client().send(HttpRequest.newBuilder(host.uri(path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        byte[] start = new byte[7];
        try (InputStream body = response.body()) {
            int read = 0;
            while (read < start.length) {
                int n = body.read(start, read, start.length - read);
                assertTrue(n > 0, "the body ended before the flushed bytes");
                read += n;
            }
            assertEquals("partial", new String(start, StandardCharsets.US_ASCII));
            assertThrows(IOException.class, body::readAllBytes);
        }
    }
}

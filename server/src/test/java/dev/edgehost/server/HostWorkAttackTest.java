package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guests that make the host work for them, and uploads that make it compile for long, against a
 * real server: each is answered within a bound, and the host keeps serving.
 */
class HostWorkAttackTest {
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null, builder -> builder.workers(4));
        host.deployOrFail("hello", TestHost.sample("hello"), "");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void fdWrite_millionIovecsOverEightMiB_answersTimeoutWithinTwiceTheDeadline() {
        // One fd_write of 1,000,000 iovecs, each the same 8 MiB: 8 TiB of output.
        byte[] wasm =
                TestHost.wat(
                        "(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
                                + " (memory (export \"memory\") 400)"
                                + " (func (export \"handle\") (local $i i32) (local $p i32)"
                                + "  (loop $l (local.set $p (i32.add (i32.const 16777216) (i32.shl (local.get $i) (i32.const 3))))"
                                + "   (i32.store (local.get $p) (i32.const 0)) (i32.store offset=4 (local.get $p) (i32.const 8388608))"
                                + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                                + "   (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))"
                                + "  (drop (call $w (i32.const 1) (i32.const 16777216) (i32.const 1000000) (i32.const 16)))))");
        host.deployOrFail("iovecs", wasm, "timeout-ms=1000");
        long start = System.nanoTime();

        HttpResponse<String> response = host.get("/iovecs");

        long millis = millisSince(start);
        assertEquals(504, response.statusCode(), response.body());
        assertEquals("timeout", TestHost.errorCode(response));
        assertTrue(millis < 2_000, "answered after " + millis + " ms");
        assertEquals(200, host.get("/hello").statusCode());
    }

    /** A CGI program whose {@code _start} makes one fd_write of 1,000,000 iovecs of the same 8 MiB to {@code fd}. */
    private static byte[] cgiMillionIovecs(int fd) {
        return TestHost.wat(
                "(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
                        + " (memory (export \"memory\") 400)"
                        + " (func (export \"_start\") (local $i i32) (local $p i32)"
                        + "  (loop $l (local.set $p (i32.add (i32.const 16777216) (i32.shl (local.get $i) (i32.const 3))))"
                        + "   (i32.store (local.get $p) (i32.const 0)) (i32.store offset=4 (local.get $p) (i32.const 8388608))"
                        + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                        + "   (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))"
                        + "  (drop (call $w (i32.const " + fd + ") (i32.const 16777216) (i32.const 1000000) (i32.const 16)))))");
    }

    @Test
    void cgiFdWrite_millionIovecsToStderr_answersTimeoutWellBeforeTheWalkWouldEnd() {
        // Standard error goes to the log, which stops keeping lines early; the walk still pays and stops at the deadline.
        // The deadline is short of the walk's second or so even on a quiet machine.
        host.deployOrFail("cgi-iovecs-err", cgiMillionIovecs(2), "mode=cgi&timeout-ms=200");
        long start = System.nanoTime();

        HttpResponse<String> response = host.get("/cgi-iovecs-err");

        long millis = millisSince(start);
        assertEquals(504, response.statusCode(), response.body());
        assertEquals("timeout", TestHost.errorCode(response));
        assertTrue(millis < 2_000, "answered after " + millis + " ms");
        assertEquals(200, host.get("/hello").statusCode());
    }

    @Test
    void cgiFdWrite_millionIovecsToStdout_stopsAtTheOutputBoundAndIsInvalid() {
        // A deadline far off: the write ends where the bounded output is full, not at the deadline.
        host.deployOrFail("cgi-iovecs-out", cgiMillionIovecs(1), "mode=cgi&timeout-ms=10000");
        long start = System.nanoTime();

        HttpResponse<String> response = host.get("/cgi-iovecs-out");

        long millis = millisSince(start);
        assertEquals(502, response.statusCode(), response.body());
        assertEquals("invalid_cgi_response", TestHost.errorCode(response));
        assertTrue(millis < 5_000, "answered after " + millis + " ms");
    }

    @Test
    void kvSet_hugeKeysUnderSmallFuel_areRefusedUnreadAndAnsweredAtOnce() {
        // 300 kv_set calls with a 60 MiB key each: reading the keys would copy 18 GiB.
        byte[] wasm =
                TestHost.wat(
                        "(module (import \"edge\" \"kv_set\" (func $s (param i32 i32 i32 i32 i32) (result i32)))"
                                + " (import \"edge\" \"resp_write\" (func $w (param i32 i32) (result i32)))"
                                + " (memory (export \"memory\") 1000)"
                                + " (func (export \"handle\") (local $i i32) (local $r i32)"
                                + "  (loop $l (local.set $r (call $s (i32.const 0) (i32.const 62914560) (i32.const 0) (i32.const 1) (i32.const 0)))"
                                + "   (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 300))))"
                                + "  (i32.store8 (i32.const 0) (i32.sub (i32.const 48) (local.get $r)))"
                                + "  (drop (call $w (i32.const 0) (i32.const 1)))))");
        host.deployOrFail("keys", wasm, "fuel=100000");
        long start = System.nanoTime();

        HttpResponse<String> response = host.get("/keys");

        long millis = millisSince(start);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("3", response.body(), "kv_set returned -3 every time");
        assertTrue(millis < 3_000, "answered after " + millis + " ms");
    }

    @Test
    void upload_hundredThousandEmptyFunctions_isRefusedInWellUnderASecond() {
        long start = System.nanoTime();

        HttpResponse<String> response = host.deploy("many", TestHost.emptyFunctions(100_000), "");

        long millis = millisSince(start);
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("upload_too_large", TestHost.errorCode(response));
        assertTrue(TestHost.json(response).path("message").asText().contains("max-module-functions"), response.body());
        assertTrue(millis < 1_000, "answered after " + millis + " ms");
        assertEquals(404, host.get("/many").statusCode());
    }

    @Test
    void upload_functionOverTheCodeSizePerFunction_isRefused() {
        HttpResponse<String> response = host.deploy("big", TestHost.bigFunction((1 << 20) + 64), "");

        assertEquals(413, response.statusCode(), response.body());
        assertEquals("upload_too_large", TestHost.errorCode(response), response.body());
        assertTrue(TestHost.json(response).path("message").asText().contains("max-function-code-bytes"), response.body());
    }

    @Test
    void upload_compilingPastTheHostsTimeout_isRefusedNamingIt() {
        try (TestHost strict = TestHost.start(null, builder -> builder.workers(1).compileTimeout(Duration.ofSeconds(1)))) {
            strict.deployOrFail("hello", TestHost.sample("hello"), "");
            long start = System.nanoTime();

            HttpResponse<String> response = strict.deploy("slow", TestHost.emptyFunctions(20_000), "");

            long millis = millisSince(start);
            assertEquals(413, response.statusCode(), response.body());
            assertTrue(TestHost.json(response).path("message").asText().contains("compile-timeout-ms"), response.body());
            assertTrue(millis < 5_000, "answered after " + millis + " ms");
            assertEquals(200, strict.get("/hello").statusCode());
        }
    }
}

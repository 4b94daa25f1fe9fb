package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A guest that tries to smuggle headers into its response, or to replace the headers the host
 * owns (ABI spec §5.2, §5.3, §5.5), through the real server: every attempt is refused with its
 * error code, and what reaches the client is exactly what the guest was allowed to set.
 */
class HeaderInjectionTest {
    /**
     * Tries each (name, value) pair with {@code resp_set_header} and {@code resp_add_header}, and
     * answers the results, one line per attempt: set result, a space, add result. Then sets
     * {@code x-allowed: yes}, which must arrive alone.
     */
    private static final String GUEST =
            """
            (module
              (import "edge" "resp_set_header" (func $set (param i32 i32 i32 i32) (result i32)))
              (import "edge" "resp_add_header" (func $add (param i32 i32 i32 i32) (result i32)))
              (import "edge" "resp_write" (func $write (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              ;; the attempts: name offset, name length, value offset, value length
              (data (i32.const 0)
                "\\00\\01\\00\\00\\05\\00\\00\\00\\20\\01\\00\\00\\1c\\00\\00\\00"
                "\\40\\01\\00\\00\\0d\\00\\00\\00\\60\\01\\00\\00\\03\\00\\00\\00"
                "\\80\\01\\00\\00\\07\\00\\00\\00\\a0\\01\\00\\00\\01\\00\\00\\00"
                "\\c0\\01\\00\\00\\0c\\00\\00\\00\\e0\\01\\00\\00\\03\\00\\00\\00"
                "\\00\\02\\00\\00\\0e\\00\\00\\00\\20\\02\\00\\00\\01\\00\\00\\00"
                "\\40\\02\\00\\00\\0d\\00\\00\\00\\60\\02\\00\\00\\03\\00\\00\\00"
                "\\80\\02\\00\\00\\05\\00\\00\\00\\a0\\02\\00\\00\\07\\00\\00\\00")
              (data (i32.const 256) "x-bad")
              (data (i32.const 288) "ok\\r\\nset-cookie: session=evil")
              (data (i32.const 320) "x-a\\r\\nx-b: ccc")
              (data (i32.const 352) "yes")
              (data (i32.const 384) "bad key")
              (data (i32.const 416) "1")
              (data (i32.const 448) "X-Request-Id")
              (data (i32.const 480) "abc")
              (data (i32.const 512) "Content-Length")
              (data (i32.const 544) "0")
              (data (i32.const 576) "Server-Timing")
              (data (i32.const 608) "x;d")
              (data (i32.const 640) "x-nul")
              (data (i32.const 672) "a\\00b\\0dxyz")
              (data (i32.const 704) "x-allowed")
              (data (i32.const 736) "yes")
              (func $result (param $code i32) (param $at i32) (result i32)
                ;; writes the code as "-N" or "N" (one digit) at $at and returns its length
                (if (result i32) (i32.lt_s (local.get $code) (i32.const 0))
                  (then
                    (i32.store8 (local.get $at) (i32.const 45))
                    (i32.store8 (i32.add (local.get $at) (i32.const 1))
                      (i32.sub (i32.const 48) (local.get $code)))
                    (i32.const 2))
                  (else
                    (i32.store8 (local.get $at) (i32.add (i32.const 48) (local.get $code)))
                    (i32.const 1))))
              (func (export "handle") (local $i i32) (local $out i32) (local $entry i32)
                (local.set $out (i32.const 1024))
                (loop $attempts
                  (local.set $entry (i32.mul (local.get $i) (i32.const 16)))
                  (local.set $out (i32.add (local.get $out) (call $result
                    (call $set (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry))
                               (i32.load offset=8 (local.get $entry)) (i32.load offset=12 (local.get $entry)))
                    (local.get $out))))
                  (i32.store8 (local.get $out) (i32.const 32))
                  (local.set $out (i32.add (local.get $out) (i32.const 1)))
                  (local.set $out (i32.add (local.get $out) (call $result
                    (call $add (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry))
                               (i32.load offset=8 (local.get $entry)) (i32.load offset=12 (local.get $entry)))
                    (local.get $out))))
                  (i32.store8 (local.get $out) (i32.const 10))
                  (local.set $out (i32.add (local.get $out) (i32.const 1)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $attempts (i32.lt_u (local.get $i) (i32.const 7))))
                (drop (call $set (i32.const 704) (i32.const 9) (i32.const 736) (i32.const 3)))
                (drop (call $write (i32.const 1024) (i32.sub (local.get $out) (i32.const 1024))))))
            """;

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
        host.deployOrFail("inject", TestHost.wat(GUEST), "");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void headerInjection_everyAttempt_isRefusedWithItsErrorCode() {
        HttpResponse<String> response = host.get("/inject");

        assertEquals(200, response.statusCode());
        assertEquals(
                List.of(
                        "-2 -2", // CR LF in a value
                        "-2 -2", // CR LF in a name
                        "-2 -2", // a space in a name
                        "-4 -4", // x-request-id, in any case
                        "-4 -4", // content-length
                        "-4 -4", // server-timing
                        "-2 -2"), // NUL and CR in a value
                response.body().lines().toList());
    }

    @Test
    void headerInjection_nothingSmuggled_reachesTheClient() {
        HttpResponse<String> response = host.get("/inject");
        var headers = response.headers().map();

        assertEquals(List.of("yes"), response.headers().allValues("x-allowed"));
        assertFalse(headers.containsKey("set-cookie"), headers.toString());
        assertFalse(headers.containsKey("x-bad"), headers.toString());
        assertFalse(headers.containsKey("x-b"), headers.toString());
        assertFalse(headers.containsKey("x-nul"), headers.toString());
        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().matches("[0-9a-f-]{8,}"),
                headers.toString());
        assertFalse(response.headers().allValues("server-timing").contains("x;d"), headers.toString());
        assertEquals(String.valueOf(response.body().length()), response.headers().firstValue("content-length").orElseThrow());
    }
}

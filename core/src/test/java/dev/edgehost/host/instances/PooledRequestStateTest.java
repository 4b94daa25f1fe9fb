package dev.edgehost.host.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pooled instance's host functions are made once and serve request after request: each request
 * must see only its own headers, body, key-value operation count, response and WASI descriptors,
 * never what the request before it on the same instance had or did.
 */
class PooledRequestStateTest {
    /**
     * Answers its body, then {@code kv_incr} three times (a digit each: {@code 3} done, {@code 0}
     * refused), then the errno of a write to standard output; echoes {@code x-who} as
     * {@code x-seen}, and closes standard output first when the request has {@code x-close}.
     */
    private static final byte[] GUEST =
            Wat2Wasm.parse(
                    "(module"
                            + " (import \"edge\" \"req_header\" (func $header (param i32 i32 i32 i32) (result i32)))"
                            + " (import \"edge\" \"req_body_read\" (func $body (param i32 i32) (result i32)))"
                            + " (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                            + " (import \"edge\" \"resp_add_header\" (func $addHeader (param i32 i32 i32 i32) (result i32)))"
                            + " (import \"edge\" \"kv_incr\" (func $incr (param i32 i32 i64 i32 i32) (result i32)))"
                            + " (import \"wasi_snapshot_preview1\" \"fd_close\" (func $close (param i32) (result i32)))"
                            + " (import \"wasi_snapshot_preview1\" \"fd_write\" (func $fdWrite (param i32 i32 i32 i32) (result i32)))"
                            + " (memory (export \"memory\") 1)"
                            + " (data (i32.const 0) \"x-who\") (data (i32.const 8) \"k\") (data (i32.const 16) \"x-seen\")"
                            + " (data (i32.const 24) \"x-close\") (data (i32.const 32) \"hi\")"
                            + " (data (i32.const 64) \"\\20\\00\\00\\00\\02\\00\\00\\00\")"
                            + " (func (export \"handle\") (local $n i32) (local $i i32)"
                            + "  (local.set $n (call $header (i32.const 0) (i32.const 5) (i32.const 256) (i32.const 64)))"
                            + "  (if (i32.ge_s (local.get $n) (i32.const 0))"
                            + "   (then (drop (call $addHeader (i32.const 16) (i32.const 6) (i32.const 256) (local.get $n)))))"
                            + "  (if (i32.ge_s (call $header (i32.const 24) (i32.const 7) (i32.const 320) (i32.const 64)) (i32.const 0))"
                            + "   (then (drop (call $close (i32.const 1)))))"
                            + "  (local.set $n (call $body (i32.const 512) (i32.const 256)))"
                            + "  (drop (call $write (i32.const 512) (local.get $n)))"
                            + "  (loop $kv"
                            + "   (i32.store8 (i32.add (i32.const 1024) (local.get $i))"
                            + "    (i32.add (i32.const 51) (call $incr (i32.const 8) (i32.const 1) (i64.const 1) (i32.const 0) (i32.const 80))))"
                            + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                            + "   (br_if $kv (i32.lt_s (local.get $i) (i32.const 3))))"
                            + "  (i32.store8 (i32.const 1027)"
                            + "   (i32.add (i32.const 48) (call $fdWrite (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))"
                            + "  (drop (call $write (i32.const 1024) (i32.const 4)))))");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pooledInstance_requestsWithDifferentState_eachSeesOnlyItsOwn(Engine engine) {
        FunctionLimits limits = FunctionLimits.builder().kvMaxOperations(3).build();
        try (EdgeRuntime runtime = TestRuntimes.create(64L << 20, RuntimeOptions.defaults().withPooling(true))) {
            Deployment function =
                    runtime.deploy("state", GUEST, FunctionSettings.builder().limits(limits).engine(engine).build(), false).deployment();
            List<Map.Entry<String, String>> first = List.of(Map.entry("x-who", "first"), Map.entry("x-close", "1"));
            for (int round = 0; round < 3; round++) {
                assertEquals(new Answer("first3338", List.of(Map.entry("x-seen", "first")), 3), Answer.of(runtime, function, first, "first"),
                        "round " + round + ", the first request");
                assertEquals(new Answer("second3330", List.of(), 3), Answer.of(runtime, function, List.of(), "second"),
                        "round " + round + ", the second request sees nothing of the first: no header, its own body, "
                                + "its own key-value budget, standard output open");
            }
        }
    }

    /** What one request answered, and the key-value operations counted for it. */
    private record Answer(String body, List<Map.Entry<String, String>> headers, long kvOperations) {
        static Answer of(EdgeRuntime runtime, Deployment function, List<Map.Entry<String, String>> headers, String body) {
            InvocationStats stats = new InvocationStats();
            GuestRequest request = new GuestRequest("POST", "http://localhost/", headers, body.getBytes(StandardCharsets.UTF_8));
            GuestResponse response = runtime.invoke(function, request, "test", (level, message) -> { }, stats);
            return new Answer(new String(response.body(), StandardCharsets.UTF_8), List.copyOf(response.headers()), stats.kvOperations());
        }
    }
}

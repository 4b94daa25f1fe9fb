package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.TestGuests;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Host calls pay for their work in the request's fuel (ABI spec §8.1), the same in both engines
 * and whether instances are pooled or not, before they do it.
 */
class HostWorkFuelTest {

    /** A guest that makes {@code calls} calls {@code call} (its arguments in WAT), then answers "ok". */
    private static byte[] guest(String imports, String call, int calls) {
        return TestGuests.wat(
                "(module"
                        + " (import \"edge\" \"resp_write\" (func $resp_write (param i32 i32) (result i32)))"
                        + imports
                        + " (memory (export \"memory\") 20)"
                        + " (data (i32.const 0) \"ok\")"
                        + " (func (export \"handle\") (local $i i32)"
                        + "  (block $done (loop $next"
                        + "   (br_if $done (i32.ge_u (local.get $i) (i32.const " + calls + ")))"
                        + "   " + call
                        + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                        + "   (br $next)))"
                        + "  (drop (call $resp_write (i32.const 0) (i32.const 2)))))");
    }

    private static EdgeResponse run(byte[] wasm, Engine engine, boolean pooling, long fuel) {
        try (EdgeHost host = EdgeHost.builder().workers(1).pooling(pooling).build()) {
            host.deploy(
                    "f",
                    wasm,
                    FunctionSettings.builder()
                            .engine(engine)
                            .limits(FunctionLimits.builder().fuel(fuel).timeout(Duration.ofSeconds(5)).build())
                            .build());
            return host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/f")).build());
        }
    }

    @ParameterizedTest
    @CsvSource({"COMPILER, true", "COMPILER, false", "INTERPRETER, true", "INTERPRETER, false"})
    void hostCalls_payPerSixteenBytesAndPerCall_sameInEveryEngine(Engine engine, boolean pooling) {
        String log = " (import \"edge\" \"log\" (func $log (param i32 i32 i32)))";
        String kv = " (import \"edge\" \"kv_delete\" (func $kv_delete (param i32 i32) (result i32)))";
        long quiet = run(guest(log, "(call $log (i32.const 1) (i32.const 0) (i32.const 0))", 10), engine, pooling, 1_000_000).fuelUsed();
        long logged = run(guest(log, "(call $log (i32.const 1) (i32.const 0) (i32.const 1600))", 10), engine, pooling, 1_000_000).fuelUsed();
        long deleted = run(guest(kv, "(drop (call $kv_delete (i32.const 0) (i32.const 0)))", 10), engine, pooling, 1_000_000).fuelUsed();
        long deletedLong = run(guest(kv, "(drop (call $kv_delete (i32.const 0) (i32.const 513)))", 10), engine, pooling, 1_000_000).fuelUsed();

        assertEquals(10 * 1600 / 16, logged - quiet, "a 1600-byte message costs 100 per call");
        assertEquals(10 * 100, deleted - quiet, "every key-value call costs 100 more; both guests pay 8 per call themselves");
        assertEquals(deleted, deletedLong, "a key over 512 bytes is refused unread");
    }

    @ParameterizedTest
    @CsvSource({"COMPILER, true", "INTERPRETER, false"})
    void hostCall_thatCannotBePaid_endsAsFuelExhaustedWithoutDoingTheWork(Engine engine, boolean pooling) {
        // Each write of 1 MiB costs 65,536; the guest's own code costs far less.
        byte[] wasm = guest("", "(drop (call $resp_write (i32.const 0) (i32.const 1048576)))", 1_000);

        FuelExhaustedException exhausted =
                assertThrows(FuelExhaustedException.class, () -> run(wasm, engine, pooling, 200_000));

        assertEquals(503, exhausted.error().status());
    }

    @ParameterizedTest
    @CsvSource({"COMPILER", "INTERPRETER"})
    void kvSet_hugeKeysUnderSmallFuel_areRefusedUnreadAndCheap(Engine engine) {
        // The attack: 300 kv_set calls with a 60 MiB key each, under fuel=100000.
        byte[] wasm =
                TestGuests.wat(
                        "(module"
                                + " (import \"edge\" \"kv_set\" (func $kv_set (param i32 i32 i32 i32 i32) (result i32)))"
                                + " (import \"edge\" \"resp_write\" (func $resp_write (param i32 i32) (result i32)))"
                                + " (memory (export \"memory\") 1000)"
                                + " (func (export \"handle\") (local $i i32) (local $last i32)"
                                + "  (loop $next"
                                + "   (local.set $last (call $kv_set (i32.const 0) (i32.const 62914560) (i32.const 0) (i32.const 1) (i32.const 0)))"
                                + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                                + "   (br_if $next (i32.lt_u (local.get $i) (i32.const 300))))"
                                + "  (i32.store8 (i32.const 0) (i32.sub (i32.const 48) (local.get $last)))"
                                + "  (drop (call $resp_write (i32.const 0) (i32.const 1)))))");
        EdgeResponse response;
        long allocated;
        long start;
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            host.deploy(
                    "f",
                    wasm,
                    FunctionSettings.builder().engine(engine).limits(FunctionLimits.builder().fuel(100_000).build()).build());
            // Measured while the host's worker lives: a thread's count goes when it ends.
            start = System.nanoTime();
            long allocatedBefore = allocatedBytes();
            response = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/f")).build());
            allocated = allocatedBytes() - allocatedBefore;
        }
        assertEquals("3", new String(response.body(), StandardCharsets.UTF_8), "every call returned -3");
        assertTrue(response.fuelUsed() < 100_000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "took " + millis + " ms");
        // Reading the keys would allocate 300 times 60 MiB, 18 GiB; the guest's own memory is 62.5 MiB.
        assertTrue(allocated < 1L << 30, "allocated " + (allocated >> 20) + " MiB");
    }

    /** Bytes allocated so far by every live thread of this JVM. */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return total;
    }
}

package dev.edgehost.host.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgehost.host.script.JavaScriptEngine;
import dev.edgehost.testing.TestGuests;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Instrumenting in runs of functions on several threads gives the bytes, and the failure, of instrumenting in one. */
class ParallelInstrumentTest {
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(3);

    @AfterAll
    static void stop() {
        THREADS.shutdownNow();
    }

    private static byte[] engine() throws IOException {
        try (InputStream in = JavaScriptEngine.class.getResourceAsStream("edge-js.wasm")) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8})
    void instrument_javaScriptEngineInRuns_givesTheBytesOfOneRun(int runs) throws IOException {
        byte[] wasm = engine();
        InstrumentedModule serial = FuelInstrumenter.instrument(wasm);
        InstrumentedModule parallel = FuelInstrumenter.instrument(wasm, THREADS, runs);
        assertArrayEquals(serial.wasm(), parallel.wasm());
        assertEquals(serial.fuelGlobalIndex(), parallel.fuelGlobalIndex());
        assertEquals(serial.moduleTypes(), parallel.moduleTypes());
    }

    @Test
    void instrument_multiValueFunctionsInRuns_appendTheirBlockTypesInOrder() {
        // Two functions returning two values each: their wrapping blocks need appended types.
        byte[] wasm = TestGuests.wat("(module (func (result i32 i64) (i32.const 1) (i64.const 2))"
                + " (func (result f32 f64) (f32.const 1) (f64.const 2)) (func (result i64 i32) (i64.const 1) (i32.const 2)))");
        assertArrayEquals(FuelInstrumenter.instrument(wasm).wasm(), FuelInstrumenter.instrument(wasm, THREADS, 3).wasm());
    }

    @Test
    void instrument_unmeterableFunctionInALaterRun_failsAsInOneRun() {
        // Functions using SIMD, which the instrumenter refuses, after plain ones.
        byte[] wasm = TestGuests.wat("(module (func) (func) (func (drop (v128.const i32x4 1 2 3 4)))"
                + " (func (drop (v128.const i64x2 1 2))))");
        InstrumentationException serial = assertThrows(InstrumentationException.class, () -> FuelInstrumenter.instrument(wasm));
        InstrumentationException parallel =
                assertThrows(InstrumentationException.class, () -> FuelInstrumenter.instrument(wasm, THREADS, 4));
        assertEquals(serial.getMessage(), parallel.getMessage());
    }
}

package dev.edgehost.host.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import dev.edgehost.host.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FuelInstrumenterTest {
    /** sum(n): a loop of n iterations, plus a helper call per iteration. */
    private static final String SUM =
            "(module"
                    + " (global $g (mut i32) (i32.const 7))"
                    + " (func $add (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))"
                    + " (func (export \"sum\") (param $n i64) (result i64) (local $acc i64)"
                    + "  (block $done (loop $l"
                    + "   (br_if $done (i64.eqz (local.get $n)))"
                    + "   (local.set $acc (call $add (local.get $acc) (local.get $n)))"
                    + "   (local.set $n (i64.sub (local.get $n) (i64.const 1)))"
                    + "   (br $l)))"
                    + "  (local.get $acc))"
                    + " (func (export \"pair\") (result i32 i64) (i32.const 1) (i64.const 2) (br 0))"
                    + " (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))"
                    + " (func (export \"fill\") (param i32) (memory.fill (i32.const 0) (i32.const 1) (local.get 0)))"
                    + " (memory 1))";

    private static InstrumentedModule instrumented() {
        return FuelInstrumenter.instrument(Wat2Wasm.parse(SUM));
    }

    private static Instance instance(InstrumentedModule module, FuelGauge gauge, Engine engine) {
        WasmModule parsed = Parser.parse(module.wasm());
        Instance.Builder builder = Instance.builder(parsed).withGlobalFactory(gauge);
        if (engine == Engine.COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(parsed));
        }
        return builder.build();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_resultsAreUnchanged(Engine engine) {
        FuelGauge gauge = new FuelGauge(instrumented(), 1_000_000);
        Instance instance = instance(instrumented(), gauge, engine);

        assertEquals(5050, instance.export("sum").apply(100)[0]);
        assertArrayEquals(new long[] {1, 2}, instance.export("pair").apply());
        assertEquals(1, instance.export("grow").apply(1)[0]);
        assertTrue(!gauge.exhausted());
    }

    @Test
    void instrument_fuelUsed_isTheSameInBothEngines() {
        long[] used = new long[2];
        for (Engine engine : Engine.values()) {
            FuelGauge gauge = new FuelGauge(instrumented(), 1_000_000);
            instance(instrumented(), gauge, engine).export("sum").apply(100);
            used[engine.ordinal()] = gauge.used();
        }
        assertEquals(used[0], used[1]);
        assertTrue(used[0] > 100 * 10, "every iteration pays: " + used[0]);
    }

    @Test
    void instrument_fuelGrowsLinearlyWithIterations() {
        long hundred = usedBySum(100);
        long twoHundred = usedBySum(200);
        long threeHundred = usedBySum(300);

        assertEquals(twoHundred - hundred, threeHundred - twoHundred);
    }

    private static long usedBySum(long n) {
        FuelGauge gauge = new FuelGauge(instrumented(), 1_000_000);
        instance(instrumented(), gauge, Engine.INTERPRETER).export("sum").apply(n);
        return gauge.used();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_budgetTooSmall_trapsAndTheGaugeSaysExhausted(Engine engine) {
        FuelGauge gauge = new FuelGauge(instrumented(), 500);
        Instance instance = instance(instrumented(), gauge, engine);

        assertThrows(TrapException.class, () -> instance.export("sum").apply(1_000_000));
        assertTrue(gauge.exhausted());
        assertEquals(500, gauge.used());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_bulkMemory_paysPerByte(Engine engine) {
        FuelGauge small = new FuelGauge(instrumented(), 10_000);
        instance(instrumented(), small, engine).export("fill").apply(10);
        FuelGauge large = new FuelGauge(instrumented(), 10_000);
        instance(instrumented(), large, engine).export("fill").apply(1_010);

        assertEquals(1_000 * FuelCosts.BULK_MEMORY_PER_BYTE, large.used() - small.used());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_memoryGrow_paysPerPageAndStopsBeforeGrowing(Engine engine) {
        FuelGauge gauge = new FuelGauge(instrumented(), FuelCosts.GROW_PER_PAGE * 10);
        Instance instance = instance(instrumented(), gauge, engine);

        assertThrows(TrapException.class, () -> instance.export("grow").apply(20));
        assertEquals(1, instance.memory().pages(), "the memory never grew");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "echo", "headers", "status", "loop", "memory-hog", "trap", "wasi", "counter", "config", "clock-random", "kv-counter", "rate-limiter", "gateway"})
    void instrument_sampleGuests_stayValid(String sample) throws IOException {
        byte[] wasm;
        try (InputStream in = getClass().getResourceAsStream("/samples/wat/" + sample + ".wasm")) {
            wasm = in.readAllBytes();
        }
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);

        WasmModule parsed = Parser.parse(instrumented.wasm());
        assertEquals(
                Parser.parse(wasm).exportSection().exportCount(), parsed.exportSection().exportCount());
        assertArrayEquals(instrumented.wasm(), FuelInstrumenter.instrument(wasm).wasm(), "deterministic");
    }

    @Test
    void instrument_customSections_areKeptByteForByte() {
        byte[] wasm = Wat2Wasm.parse(SUM);
        byte[] custom = {0x00, 0x0A, 0x05, 'n', 'o', 't', 'e', 's', 1, 2, 3, 4};
        byte[] withCustom = Arrays.copyOf(wasm, wasm.length + custom.length);
        System.arraycopy(custom, 0, withCustom, wasm.length, custom.length);

        WasmModule parsed = Parser.parse(FuelInstrumenter.instrument(withCustom).wasm());

        assertArrayEquals(new byte[] {1, 2, 3, 4}, ((UnknownCustomSection) parsed.customSection("notes")).bytes());
    }

    @Test
    void instrument_fuelGlobal_comesAfterImportedAndDefinedGlobals() {
        byte[] wasm =
                Wat2Wasm.parse(
                        "(module (import \"env\" \"g\" (global i32)) (global $own (mut i32) (i32.const 1))"
                                + " (func (export \"get\") (result i32) (global.get $own)))");

        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);

        assertEquals(2, instrumented.fuelGlobalIndex());
        assertEquals(1, instrumented.fuelGlobalOrdinal());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_multiValueFunctionWithParams_getsAWrapperType(Engine engine) {
        byte[] wasm =
                Wat2Wasm.parse(
                        "(module (func (export \"swap\") (param i32 i64) (result i64 i32)"
                                + " (if (i32.eqz (local.get 0)) (then (return (local.get 1) (local.get 0))))"
                                + " (local.get 1) (local.get 0) (br 0)))");
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
        FuelGauge gauge = new FuelGauge(instrumented, 1_000);

        Instance instance = instance(instrumented, gauge, engine);

        assertArrayEquals(new long[] {9, 0}, instance.export("swap").apply(0, 9));
        assertArrayEquals(new long[] {9, 4}, instance.export("swap").apply(4, 9));
        assertTrue(gauge.used() > 0);
    }

    /**
     * The same callee reached by a direct call (the counter travels as a parameter and comes back
     * as a result or, for a callee with a loop, in the global) and through a table (the counter
     * travels in the global): the same instructions, so the same fuel.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_directAndIndirectCalls_payTheSame(Engine engine) {
        byte[] wasm =
                Wat2Wasm.parse(
                        "(module (type $t (func (param i32) (result i32)))"
                                + " (table funcref (elem $straight $looping))"
                                + " (func $straight (type $t) (i32.add (local.get 0) (i32.const 1)))"
                                + " (func $looping (type $t) (local $i i32)"
                                + "  (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                                + "   (br_if $l (i32.lt_u (local.get $i) (local.get 0))))"
                                + "  (local.get $i))"
                                + " (func (export \"direct0\") (param i32) (result i32) (nop) (call $straight (local.get 0)))"
                                + " (func (export \"direct1\") (param i32) (result i32) (nop) (call $looping (local.get 0)))"
                                + " (func (export \"indirect\") (param i32 i32) (result i32)"
                                + "  (call_indirect (type $t) (local.get 0) (local.get 1))))");
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);

        for (int callee = 0; callee < 2; callee++) {
            FuelGauge direct = new FuelGauge(instrumented, 10_000);
            long directResult = instance(instrumented, direct, engine).export("direct" + callee).apply(50)[0];
            FuelGauge indirect = new FuelGauge(instrumented, 10_000);
            long indirectResult = instance(instrumented, indirect, engine).export("indirect").apply(50, callee)[0];

            assertEquals(callee == 0 ? 51 : 50, directResult);
            assertEquals(directResult, indirectResult);
            assertEquals(direct.used(), indirect.used(), "callee " + callee);
        }
    }

    /** The host sees the fuel used so far whenever the guest calls it, also from a metered copy. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_hostCalls_seeTheFuelUsedSoFar(Engine engine) {
        byte[] wasm =
                Wat2Wasm.parse(
                        "(module (import \"env\" \"probe\" (func $probe))"
                                + " (func $work (call $probe) (call $probe))"
                                + " (func (export \"run\") (call $work) (block (nop))))");
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
        FuelGauge gauge = new FuelGauge(instrumented, 1_000);
        List<Long> seen = new ArrayList<>();
        HostFunction probe =
                new HostFunction("env", "probe", com.dylibso.chicory.wasm.types.FunctionType.empty(), (instance, args) -> {
                    seen.add(gauge.used());
                    return null;
                });
        WasmModule parsed = Parser.parse(instrumented.wasm());
        Instance.Builder builder =
                Instance.builder(parsed).withGlobalFactory(gauge).withImportValues(ImportValues.builder().addFunction(probe).build());
        if (engine == Engine.COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(parsed));
        }

        builder.build().export("run").apply();

        assertEquals(2, seen.size());
        assertTrue(seen.get(0) >= FuelCosts.CALL * 2, "the calls paid before the first probe: " + seen);
        assertEquals(seen.get(0), seen.get(1), "the segment paid for both probes on entry");
        assertTrue(gauge.used() > seen.get(1));
    }

    /** Copies returning funcref and externref with the counter would give Chicory's compiler two boxing methods of one name. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_referenceResults_loadInBothEngines(Engine engine) {
        byte[] wasm =
                Wat2Wasm.parse(
                        "(module"
                                + " (func $f (result funcref) (ref.null func))"
                                + " (func $e (result externref) (ref.null extern))"
                                + " (func (export \"nulls\") (result i32)"
                                + "  (i32.add (ref.is_null (call $f)) (ref.is_null (call $e)))))");
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
        FuelGauge gauge = new FuelGauge(instrumented, 1_000);

        assertEquals(2, instance(instrumented, gauge, engine).export("nulls").apply()[0]);
        assertTrue(gauge.used() > 2 * FuelCosts.CALL);
    }

    @Test
    void instrument_simd_isRefused() {
        byte[] wasm = Wat2Wasm.parse("(module (func (export \"f\") (drop (v128.const i32x4 1 2 3 4))))");

        InstrumentationException error = assertThrows(InstrumentationException.class, () -> FuelInstrumenter.instrument(wasm));
        assertTrue(error.getMessage().contains("SIMD"), error.getMessage());
    }

    @Test
    void instrument_notWasm_isRefused() {
        assertThrows(InstrumentationException.class, () -> FuelInstrumenter.instrument(new byte[] {1, 2, 3}));
    }
}

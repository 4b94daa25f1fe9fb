package dev.edgehost.host.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.host.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a metered copy hands the counter back: as its last result when it has no loop, or when it
 * has no results of its own (then the counter is its only result); in the fuel global when it has
 * a loop and results. Either way a direct call and a call through the table pay the same.
 */
class HandBackTest {
    /**
     * {@code $fill} (void, a loop), {@code $count} (a result, a loop), {@code $inc} (a result, no
     * loop); each reached directly and through the table.
     */
    private static final String MODULE =
            "(module (type $v (func (param i32))) (type $r (func (param i32) (result i32)))"
                    + " (memory 1) (table funcref (elem $fill $count $inc))"
                    + " (func $fill (type $v) (local $i i32)"
                    + "  (loop $l (i32.store8 (local.get $i) (i32.const 7))"
                    + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                    + "   (br_if $l (i32.lt_u (local.get $i) (local.get 0)))))"
                    + " (func $count (type $r) (local $i i32)"
                    + "  (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                    + "   (br_if $l (i32.lt_u (local.get $i) (local.get 0))))"
                    + "  (local.get $i))"
                    + " (func $inc (type $r) (i32.add (local.get 0) (i32.const 1)))"
                    + " (func (export \"fill\") (param i32) (nop) (call $fill (local.get 0)) (nop) (call $fill (local.get 0)))"
                    + " (func (export \"fillIndirect\") (param i32)"
                    + "  (call_indirect (type $v) (local.get 0) (i32.const 0))"
                    + "  (call_indirect (type $v) (local.get 0) (i32.const 0)))"
                    + " (func (export \"load\") (param i32) (result i32) (i32.load8_u (local.get 0))))";
    private static final int DEFINED = 6;

    private static Instance instance(InstrumentedModule module, FuelGauge gauge, Engine engine) {
        WasmModule parsed = Parser.parse(module.wasm());
        Instance.Builder builder = Instance.builder(parsed).withGlobalFactory(gauge);
        if (engine == Engine.COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(parsed));
        }
        return builder.build();
    }

    /** The results of the metered copy of defined function {@code function}. */
    private static List<ValType> copyResults(InstrumentedModule module, int function) {
        WasmModule parsed = Parser.parse(module.wasm());
        return parsed.functionSection().getFunctionType(DEFINED + function, parsed.typeSection()).returns();
    }

    @Test
    void instrument_voidCopyWithLoop_returnsTheCounterAsItsOnlyResult() {
        InstrumentedModule instrumented = FuelInstrumenter.instrument(Wat2Wasm.parse(MODULE));

        assertEquals(List.of(ValType.I64), copyResults(instrumented, 0), "$fill: the counter, as its only result");
        assertEquals(List.of(ValType.I32), copyResults(instrumented, 1), "$count: its result, the counter in the global");
        assertEquals(List.of(ValType.I32, ValType.I64), copyResults(instrumented, 2), "$inc: its result and the counter");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_voidCopyWithLoop_paysAsThroughTheTable(Engine engine) {
        InstrumentedModule instrumented = FuelInstrumenter.instrument(Wat2Wasm.parse(MODULE));
        FuelGauge direct = new FuelGauge(instrumented, 100_000);
        Instance directInstance = instance(instrumented, direct, engine);
        FuelGauge indirect = new FuelGauge(instrumented, 100_000);
        Instance indirectInstance = instance(instrumented, indirect, engine);

        directInstance.export("fill").apply(300);
        indirectInstance.export("fillIndirect").apply(300);

        assertEquals(direct.used(), indirect.used());
        assertTrue(direct.used() > 2 * 300 * 8, "both calls paid every iteration: " + direct.used());
        assertArrayEquals(new long[] {7}, directInstance.export("load").apply(299));
    }

    /** Out of fuel inside the loop: the trap leaves the counter negative in the global, as from any copy. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_voidCopyWithLoop_outOfFuel_trapsWithTheGaugeExhausted(Engine engine) {
        InstrumentedModule instrumented = FuelInstrumenter.instrument(Wat2Wasm.parse(MODULE));
        FuelGauge gauge = new FuelGauge(instrumented, 1_000);
        Instance instance = instance(instrumented, gauge, engine);

        assertThrows(TrapException.class, () -> instance.export("fill").apply(300));
        assertTrue(gauge.exhausted());
        assertEquals(7, instance.memory().read(0), "the iterations paid for ran");
        assertEquals(0, instance.memory().read(299), "the iterations not paid for did not");
    }
}

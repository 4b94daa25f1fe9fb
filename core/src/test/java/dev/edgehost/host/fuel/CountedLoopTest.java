package dev.edgehost.host.fuel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop whose iterations are fixed on entry pays for all of them with the run before it and runs
 * without a check: the same fuel when it completes, and out of fuel before it starts rather than
 * part way through.
 */
class CountedLoopTest {
    private static final int NE = 0x47;
    private static final int LT_S = 0x48;
    private static final int LT_U = 0x49;

    /**
     * {@code fill(start)} stores a byte at 0, 4, ... 252: from {@code i32.const 0} the loop is
     * counted, from the parameter (the same number of instructions) it is not.
     */
    private static String fill(String start, String step) {
        return "(module (memory 1) (table $t 0 funcref)"
                + " (func (export \"fill\") (param $p i32) (local $i i32)"
                + "  (local.set $i " + start + ")"
                + "  (loop $l"
                + "   (i32.store8 (local.get $i) (i32.const 7))"
                + step
                + "   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 256))))))";
    }

    private static final String COUNTED = fill("(i32.const 0)", "");
    private static final String FROM_PARAMETER = fill("(local.get $p)", "");
    /** The body writes the counter once more (a no-op step): not counted. */
    private static final String WRITES_COUNTER = fill("(i32.const 0)", "(local.set $i (i32.add (local.get $i) (i32.const 0)))");
    /** The same, with an instruction of the same count that does not write the counter: counted. */
    private static final String WRITES_OTHER = fill("(i32.const 0)", "(local.set $p (i32.add (local.get $i) (i32.const 0)))");

    /**
     * The counter set from {@code table.grow}'s result (the old size, 0), whose count operand is
     * an {@code i32.const} (4): the loop starts from 0, not 4.
     */
    private static final String FROM_TABLE_GROW =
            fill("(table.grow $t (ref.null func) (i32.const 4))", "");
    private static final String FROM_TABLE_GROW_OF_PARAMETER =
            fill("(table.grow $t (ref.null func) (local.get $p))", "");

    private static Instance instance(String wat, FuelGauge[] gauge, long budget, Engine engine) {
        InstrumentedModule instrumented = FuelInstrumenter.instrument(Wat2Wasm.parse(wat));
        gauge[0] = new FuelGauge(instrumented, budget);
        WasmModule parsed = Parser.parse(instrumented.wasm());
        Instance.Builder builder = Instance.builder(parsed).withGlobalFactory(gauge[0]);
        if (engine == Engine.COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(parsed));
        }
        return builder.build();
    }

    private static long used(String wat, Engine engine) {
        FuelGauge[] gauge = new FuelGauge[1];
        instance(wat, gauge, 1_000_000, engine).export("fill").apply(0);
        return gauge[0].used();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_countedLoop_paysWhatItsIterationsPaid(Engine engine) {
        assertEquals(used(FROM_PARAMETER, engine), used(COUNTED, engine));
        assertEquals(used(WRITES_COUNTER, engine), used(WRITES_OTHER, engine));
        assertEquals(64 * 11 + 4, used(COUNTED, engine), "64 iterations of 11 instructions, the 4 before them");
    }

    /** Regression: a prefixed instruction between a constant and the write of the counter hid the write's real value. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_counterFromPrefixedInstruction_paysItsRealIterations(Engine engine) {
        FuelGauge[] gauge = new FuelGauge[1];
        instance(FROM_TABLE_GROW_OF_PARAMETER, gauge, 1_000_000, engine).export("fill").apply(4);
        long uncounted = gauge[0].used();

        assertEquals(uncounted, used(FROM_TABLE_GROW, engine));
    }

    /** With fuel for half the iterations the counted loop stops before its first, the other in its 33rd. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_countedLoop_outOfFuel_stopsBeforeTheLoop(Engine engine) {
        long half = used(COUNTED, engine) / 2;
        FuelGauge[] counted = new FuelGauge[1];
        Instance countedInstance = instance(COUNTED, counted, half, engine);
        FuelGauge[] uncounted = new FuelGauge[1];
        Instance uncountedInstance = instance(FROM_PARAMETER, uncounted, half, engine);

        assertThrows(TrapException.class, () -> countedInstance.export("fill").apply(0));
        assertThrows(TrapException.class, () -> uncountedInstance.export("fill").apply(0));

        assertTrue(counted[0].exhausted());
        assertEquals(0, countedInstance.memory().read(0), "no iteration ran");
        assertTrue(uncounted[0].exhausted());
        assertEquals(7, uncountedInstance.memory().read(4 * 30), "the iterations paid for ran");
        assertEquals(0, uncountedInstance.memory().read(4 * 40));
    }

    /** A second write of the counter in the body leaves the loop to its checks: it stops part way. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void instrument_bodyWritesTheCounter_paysPerIteration(boolean writesCounter) {
        String wat = writesCounter ? WRITES_COUNTER : WRITES_OTHER;
        FuelGauge[] gauge = new FuelGauge[1];
        Instance instance = instance(wat, gauge, used(wat, Engine.INTERPRETER) / 2, Engine.INTERPRETER);

        assertThrows(TrapException.class, () -> instance.export("fill").apply(0));

        assertEquals(writesCounter ? 7 : 0, instance.memory().read(0));
    }

    @ParameterizedTest
    @CsvSource({
        // start, step, limit, compare, iterations
        "0, 4, 64, " + NE + ", 16",
        "64, -4, 0, " + NE + ", 16",
        "0, 4, 62, " + NE + ", 0",
        "5, 1, 5, " + NE + ", 0",
        "0, 1, 1048576, " + LT_U + ", 1048576",
        "0, 3, 10, " + LT_U + ", 4",
        "9, 1, 5, " + LT_U + ", 1",
        "0, 16, -8, " + LT_U + ", 0",
        "-10, 5, 10, " + LT_S + ", 4",
        "0, 4, 2147483647, " + LT_S + ", 0",
        "0, 0, 10, " + LT_U + ", 0",
        "0, 0, 10, " + NE + ", 0"
    })
    void iterations_isTheCountOfTheDoWhileBody(int start, int step, int limit, int compare, long iterations) {
        assertEquals(iterations, CountedLoop.iterations(start, step, limit, compare));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void instrument_countedAndUncounted_computeTheSame(Engine engine) {
        FuelGauge[] gauge = new FuelGauge[1];
        Instance counted = instance(COUNTED, gauge, 1_000_000, engine);
        Instance uncounted = instance(FROM_PARAMETER, gauge, 1_000_000, engine);

        counted.export("fill").apply(0);
        uncounted.export("fill").apply(0);

        for (int at = 0; at < 260; at++) {
            assertEquals(uncounted.memory().read(at), counted.memory().read(at), "byte " + at);
        }
        assertNotEquals(0, counted.memory().read(252));
    }
}

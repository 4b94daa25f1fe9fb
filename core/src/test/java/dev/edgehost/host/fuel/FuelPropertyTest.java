package dev.edgehost.host.fuel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.Engine;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For random valid modules, inputs and budgets: the instrumented module, in either engine, ends
 * exactly as the original does (same result, same memory, or a trap), or runs out of fuel; never
 * anything else. With enough fuel it always ends as the original.
 */
class FuelPropertyTest {
    private static final int MODULES = 150;

    static Stream<Long> seeds() {
        return LongStream.range(0, MODULES).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void instrumented_endsAsTheOriginalOrRunsOutOfFuel(long seed) {
        byte[] wasm = Wat2Wasm.parse(RandomModules.module(seed));
        InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
        Random random = new Random(seed);
        int argument = random.nextInt(1000) - 100;
        Outcome original = run(Parser.parse(wasm), null, Engine.INTERPRETER, argument);

        for (Engine engine : Engine.values()) {
            WasmModule module = Parser.parse(instrumented.wasm());
            FuelGauge ample = new FuelGauge(instrumented, 1L << 40);
            Outcome unlimited = run(module, ample, engine, argument);
            assertEquals(original, unlimited, "seed " + seed + ", " + engine + ", ample fuel");
            assertTrue(!ample.exhausted());

            long budget = 1 + (long) (random.nextDouble() * ample.used() * 1.2);
            FuelGauge tight = new FuelGauge(instrumented, budget);
            Outcome limited = run(module, tight, engine, argument);
            if (tight.exhausted()) {
                assertEquals(Outcome.TRAPPED, limited.kind(), "seed " + seed + ": exhaustion traps");
                assertEquals(budget, tight.used());
            } else {
                assertEquals(original, limited, "seed " + seed + ", " + engine + ", budget " + budget);
                assertEquals(ample.used(), tight.used(), "fuel used does not depend on the budget");
            }
        }
    }

    private static Outcome run(WasmModule module, GlobalFactory globals, Engine engine, int argument) {
        Instance.Builder builder = Instance.builder(module);
        if (globals != null) {
            builder.withGlobalFactory(globals);
        }
        if (engine == Engine.COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        Instance instance = builder.build();
        try {
            long result = instance.export("run").apply(argument)[0];
            return new Outcome(Outcome.RETURNED, result, instance.memory().readBytes(0, instance.memory().pages() * 65_536));
        } catch (ChicoryException e) {
            return new Outcome(Outcome.TRAPPED, 0, new byte[0]);
        }
    }

    /** How a run ended: its result and final memory, or a trap. */
    private record Outcome(String kind, long result, byte[] memory) {
        static final String RETURNED = "returned";
        static final String TRAPPED = "trapped";

        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome
                    && kind.equals(((Outcome) other).kind)
                    && result == ((Outcome) other).result
                    && Arrays.equals(memory, ((Outcome) other).memory);
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + Long.hashCode(result);
        }

        @Override
        public String toString() {
            return kind + " " + result + " memory#" + Arrays.hashCode(memory);
        }
    }
}

package dev.edgehost.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.fuel.FuelGauge;
import dev.edgehost.host.fuel.FuelInstrumenter;
import dev.edgehost.host.fuel.InstrumentedModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What metering costs: CPU-bound guests in the compiler, each run plain and fuel-instrumented in
 * the same run, so that the report can give the ratio metered / plain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FuelOverheadBenchmark {
    /** The argument of each guest's {@code run}, sized for a few milliseconds of work. */
    private static final Map<String, Long> ARGUMENTS = Map.of("sum", 10_000_000L, "fib", 27L, "hash", 4L);

    @Param({"sum", "fib", "hash"})
    public String guest;

    @Param({"plain", "metered"})
    public String variant;

    private ExportFunction run;
    private long argument;

    @Setup
    public void setUp() {
        byte[] wasm = Wat2Wasm.parse(resource("/guests/" + guest + ".wat"));
        argument = ARGUMENTS.get(guest);
        if (variant.equals("plain")) {
            WasmModule module = Parser.parse(wasm);
            run = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build().export("run");
        } else {
            InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
            WasmModule module = Parser.parse(instrumented.wasm());
            run = Instance.builder(module)
                    .withMachineFactory(MachineFactoryCompiler.compile(module))
                    .withGlobalFactory(new FuelGauge(instrumented, FunctionLimits.MAX_FUEL))
                    .build()
                    .export("run");
        }
    }

    @Benchmark
    public long run() {
        return run.apply(argument)[0];
    }

    static String resource(String name) {
        try (InputStream in = FuelOverheadBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

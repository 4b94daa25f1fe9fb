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
 * the same run, both on the host's memory, so that the report can give the ratio metered / plain:
 * the WAT loops {@code sum}, {@code fib} and {@code hash}, and the C workloads of {@link
 * PeerReport}, SHA-256 of 1 MiB and 1,000 JWT sign-and-verify rounds. Each trial of the guests
 * whose {@code run} loops around calls first calls it many times with a small argument, so that
 * {@code run} itself is compiled as a whole.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FuelOverheadBenchmark {
    /** The argument of each guest's {@code run}, sized for a few milliseconds of work. */
    private static final Map<String, Long> ARGUMENTS =
            Map.of("sum", 10_000_000L, "fib", 27L, "hash", 4L, "sha256", 1L, "jwt", 1_000L);
    /**
     * The argument of the small calls of {@code run} made before the warm-up iterations, for the
     * guests whose {@code run} loops around calls: called only a few times, HotSpot would compile
     * only its loops, each on stack replacement, and how well varies from one JVM to the next by
     * more than fuel costs (see docs/design/fuel.md). The other guests' single call is already long.
     */
    private static final Map<String, Long> SMALL_ARGUMENTS = Map.of("sum", 100L, "fib", 10L, "jwt", 1L);
    /** Over HotSpot's invocation thresholds for its optimizing compiler. */
    private static final int SMALL_CALLS = 12_000;

    @Param({"sum", "fib", "hash", "sha256", "jwt"})
    public String guest;

    @Param({"plain", "metered"})
    public String variant;

    private ExportFunction run;
    private long argument;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        byte[] wasm = guest.equals("sha256") || guest.equals("jwt")
                ? UploadBenchmark.read("/guests/peers/" + guest + ".wasm")
                : Wat2Wasm.parse(resource("/guests/" + guest + ".wat"));
        argument = ARGUMENTS.get(guest);
        if (variant.equals("plain")) {
            WasmModule module = Parser.parse(wasm);
            run = Instance.builder(module)
                    .withMachineFactory(MachineFactoryCompiler.compile(module))
                    .withMemoryFactory(PeerReport.pagedMemory())
                    .build()
                    .export("run");
        } else {
            InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm);
            WasmModule module = Parser.parse(instrumented.wasm());
            run = Instance.builder(module)
                    .withMachineFactory(MachineFactoryCompiler.compile(module))
                    .withGlobalFactory(new FuelGauge(instrumented, FunctionLimits.MAX_FUEL))
                    .withMemoryFactory(PeerReport.pagedMemory())
                    .build()
                    .export("run");
        }
        Long small = SMALL_ARGUMENTS.get(guest);
        for (int call = 0; small != null && call < SMALL_CALLS; call++) {
            run.apply(small);
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

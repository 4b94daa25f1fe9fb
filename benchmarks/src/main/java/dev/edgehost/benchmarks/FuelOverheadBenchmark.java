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
 * PeerReport}, SHA-256 of 1 MiB and 1,000 JWT sign-and-verify rounds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FuelOverheadBenchmark {
    /** The argument of each guest's {@code run}, sized for a few milliseconds of work. */
    private static final Map<String, Long> ARGUMENTS =
            Map.of("sum", 10_000_000L, "fib", 27L, "hash", 4L, "sha256", 1L, "jwt", 1_000L);

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

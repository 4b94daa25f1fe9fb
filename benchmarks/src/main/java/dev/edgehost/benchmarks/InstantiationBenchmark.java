package dev.edgehost.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a fresh instance costs, per guest and engine, four ways in the same run:
 *
 * <ul>
 *   <li>{@code host}: the host's real path, {@link EdgeRuntime#instantiateOnly}, right after a
 *       request that wrote to the guest's memory, so the pooled instance has pages to restore;
 *   <li>{@code fresh}: the same path with pooling off, building a new instance every time;
 *   <li>{@code plain}: plain Chicory, {@code Instance.builder(module).build()} on the module as
 *       uploaded (and {@code _initialize}, for a guest that has one);
 *   <li>{@code floor}: allocating the memory and copying its initial image into it.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InstantiationBenchmark {
    static final List<String> GUESTS = List.of("1p", "16p", "256p", "16p-data", "16p-init", "16p-all", "256p-all");

    @Param({"1p", "16p", "256p", "16p-data", "16p-init", "16p-all", "256p-all"})
    public String guest;

    @Param({"compiler", "interpreter"})
    public String engine;

    @Param({"host", "fresh", "plain", "floor"})
    public String variant;

    private EdgeRuntime runtime;
    private Deployment deployment;
    private GuestRequest request;
    private Instance.Builder plain;
    private boolean initialize;
    private int memoryBytes;
    private List<Segment> image;

    /** A run of the initial memory that is not zero. */
    private record Segment(int offset, byte[] bytes) {}

    @Setup(Level.Trial)
    public void setUp() {
        byte[] wasm = Wat2Wasm.parse(BenchmarkGuests.wat(guest));
        Engine hostEngine = Engine.valueOf(engine.toUpperCase(Locale.ROOT));
        runtime = new EdgeRuntime(null, 1L << 30, MvStoreKvBackend.inMemory(), new FetchClients(), RuntimeOptions.defaults().withPooling(!variant.equals("fresh")));
        deployment =
                runtime.deploy(guest, wasm, FunctionSettings.builder().engine(hostEngine).build(), false)
                        .deployment();
        request = new GuestRequest("GET", "http://localhost/" + guest, List.of(), new byte[0]);

        WasmModule module = Parser.parse(wasm);
        HostFunction write =
                new HostFunction(
                        "edge", "resp_write", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> new long[] {args[1]});
        plain = Instance.builder(module).withImportValues(ImportValues.builder().addFunction(write).build());
        if (hostEngine == Engine.COMPILER) {
            plain.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        initialize = BenchmarkGuests.initializes(guest);
        Instance ready = plain();
        memoryBytes = ready.memory().pages() * Memory.PAGE_SIZE;
        image = nonZeroRuns(ready.memory().readBytes(0, memoryBytes));
    }

    /** The memory's initial image as runs of non-zero 4 KiB blocks: what a fresh memory must copy. */
    private static List<Segment> nonZeroRuns(byte[] memory) {
        List<Segment> runs = new ArrayList<>();
        int block = 4096;
        int start = -1;
        for (int at = 0; at <= memory.length; at += block) {
            boolean zero = at == memory.length || isZero(memory, at, block);
            if (!zero && start < 0) {
                start = at;
            } else if (zero && start >= 0) {
                byte[] bytes = new byte[at - start];
                System.arraycopy(memory, start, bytes, 0, bytes.length);
                runs.add(new Segment(start, bytes));
                start = -1;
            }
        }
        return runs;
    }

    private static boolean isZero(byte[] memory, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (memory[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Before each host measurement: a request that writes to memory, as real traffic does. */
    @Setup(Level.Invocation)
    public void dirty() {
        if (variant.equals("host")) {
            runtime.invoke(deployment, request, "benchmark", (level, message) -> { }, new InvocationStats());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public Object instantiate() {
        switch (variant) {
            case "host":
            case "fresh":
                runtime.instantiateOnly(deployment);
                return deployment;
            case "plain":
                return plain();
            case "floor":
                return floor();
            default:
                throw new IllegalStateException(variant);
        }
    }

    private Instance plain() {
        Instance instance = plain.build();
        if (initialize) {
            instance.export("_initialize").apply();
        }
        return instance;
    }

    private byte[] floor() {
        byte[] memory = new byte[memoryBytes];
        for (Segment segment : image) {
            System.arraycopy(segment.bytes(), 0, memory, segment.offset(), segment.bytes().length);
        }
        return memory;
    }
}

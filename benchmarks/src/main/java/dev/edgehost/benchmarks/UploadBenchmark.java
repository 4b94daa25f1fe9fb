package dev.edgehost.benchmarks;

import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Upload to first response: deploy (parse, validate, instrument for fuel, compile, take the
 * snapshot) and answer one request, in a host that has never seen the module ({@code cold}) or
 * that finds it compiled on disk, as after a restart ({@code disk}). Guests: the bundled hello
 * sample (WAT) and the ~100 KB C guest {@code render}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UploadBenchmark {
    @Param({"hello", "render"})
    public String guest;

    @Param({"cold", "disk"})
    public String cache;

    private byte[] wasm;
    private Path compiledDir;
    private EdgeRuntime runtime;
    private final GuestRequest request =
            new GuestRequest("POST", "http://localhost/render/page/7?b=2&a=1.5", List.of(), "body".getBytes(StandardCharsets.UTF_8));

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        wasm = read(guest.equals("hello") ? "/samples/wat/hello.wasm" : "/guests/c/render.wasm");
        compiledDir = Files.createTempDirectory("edge-compiled");
        if (cache.equals("disk")) {
            try (EdgeRuntime warm = new EdgeRuntime(null, 1L << 30, MvStoreKvBackend.inMemory(), new FetchClients(), options())) {
                deployAndAnswer(warm);
            }
        }
    }

    private RuntimeOptions options() {
        return cache.equals("disk") ? RuntimeOptions.defaults().withCompiledCodeDir(compiledDir) : RuntimeOptions.defaults();
    }

    @Setup(Level.Iteration)
    public void newHost() {
        runtime = new EdgeRuntime(null, 1L << 30, MvStoreKvBackend.inMemory(), new FetchClients(), options());
    }

    @TearDown(Level.Iteration)
    public void closeHost() {
        runtime.close();
    }

    @TearDown(Level.Trial)
    public void removeCompiled() throws IOException {
        try (Stream<Path> files = Files.walk(compiledDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public byte[] uploadToFirstResponse() {
        return deployAndAnswer(runtime);
    }

    private byte[] deployAndAnswer(EdgeRuntime host) {
        Deployment deployment =
                host.deploy(guest, wasm, FunctionSettings.builder().engine(Engine.COMPILER).build(), false)
                        .deployment();
        return host.invoke(deployment, request, "benchmark", (level, message) -> { }, new InvocationStats()).body();
    }

    static byte[] read(String resource) {
        try (InputStream in = UploadBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

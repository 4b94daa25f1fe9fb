package dev.edgehost.benchmarks;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionSettings;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The host's own cost per request: a serial {@link EdgeHost#handle} of the bundled hello sample,
 * in process, with the access log written as in production (src/main/resources/logback.xml): the
 * request id, admission (the guest runs on the caller's thread while a worker's place is free),
 * the deadline, getting the instance ready, the guest's few host calls, the record (access log,
 * observers) and the response. The target is at most 8 µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandleBenchmark {
    private EdgeHost host;
    private EdgeRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        host = EdgeHost.builder().build();
        host.deploy("hello", UploadBenchmark.read("/samples/wat/hello.wasm"), FunctionSettings.defaults());
        request = EdgeRequest.builder("GET", URI.create("http://localhost/hello")).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        host.close();
    }

    /** A request without an id of its own, so that the host makes one, as for a client that sent none. */
    @Benchmark
    public int handle() {
        return host.handle(EdgeRequest.builder("GET", request.url()).build()).status();
    }
}

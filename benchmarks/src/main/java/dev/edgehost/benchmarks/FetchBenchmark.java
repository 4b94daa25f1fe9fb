package dev.edgehost.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fetch round trip: a request whose guest fetches a loopback origin once and answers its body,
 * through the host's real path (allow-list, address check, the host's HTTP client, marshalling),
 * and, in the same run, the same GET sent from Java with a JDK HTTP client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FetchBenchmark {
    static final byte[] ORIGIN_BODY = "{\"hello\":\"from the origin\"}".getBytes(StandardCharsets.US_ASCII);

    private BareServer origin;
    private EdgeRuntime runtime;
    private Deployment deployment;
    private HttpClient client;
    private HttpRequest direct;
    private final GuestRequest request = new GuestRequest("GET", "http://localhost/fetch-bench", List.of(), new byte[0]);

    @Setup
    public void setUp() {
        origin = new BareServer(ORIGIN_BODY, "application/json");
        String base = "http://127.0.0.1:" + origin.port();
        runtime = new EdgeRuntime(null, 1L << 30, MvStoreKvBackend.inMemory(), new FetchClients(), RuntimeOptions.defaults());
        FunctionSettings settings = FunctionSettings.builder().engine(Engine.COMPILER).allowFetch(base).build();
        deployment = runtime.deploy("fetch-bench", Wat2Wasm.parse(guest(base + "/data")), settings, false).deployment();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        direct = HttpRequest.newBuilder(URI.create(base + "/data")).build();
    }

    @TearDown
    public void tearDown() {
        runtime.close();
        origin.close();
    }

    @Benchmark
    public byte[] throughGuest() {
        byte[] body = runtime.invoke(deployment, request, "benchmark", (level, message) -> { }, new InvocationStats()).body();
        if (body.length != ORIGIN_BODY.length) {
            throw new IllegalStateException("the guest answered " + new String(body, StandardCharsets.UTF_8));
        }
        return body;
    }

    @Benchmark
    public byte[] direct() throws IOException, InterruptedException {
        return client.send(direct, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A guest that GETs the URL, traps unless the answer is a 200, and answers the body it read. */
    static String guest(String url) {
        return "(module\n"
                + "  (import \"edge\" \"fetch\" (func $fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_status\" (func $status (param i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_body_read\" (func $read (param i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"fetch_close\" (func $close (param i32) (result i32)))\n"
                + "  (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))\n"
                + "  (memory (export \"memory\") 1)\n"
                + "  (data (i32.const 0) \"GET\")\n"
                + "  (data (i32.const 16) \"" + url + "\")\n"
                + "  (func (export \"handle\") (local $response i32) (local $length i32)\n"
                + "    (local.set $response (call $fetch (i32.const 0) (i32.const 3) (i32.const 16) (i32.const " + url.length() + ")\n"
                + "      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))\n"
                + "    (if (i32.lt_s (local.get $response) (i32.const 0)) (then unreachable))\n"
                + "    (if (i32.ne (call $status (local.get $response)) (i32.const 200)) (then unreachable))\n"
                + "    (local.set $length (call $read (local.get $response) (i32.const 1024) (i32.const 4096)))\n"
                + "    (drop (call $close (local.get $response)))\n"
                + "    (drop (call $write (i32.const 1024) (local.get $length)))))\n";
    }
}

package dev.edgehost.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.redis.RedisBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Key-value operations per backend: a request whose guest calls {@code kv_get}, {@code kv_set} or
 * {@code kv_incr} {@value #OPERATIONS} times, through the host's real path (instance, marshalling,
 * the function's namespace and limits, the backend), and, in the same run, the same operations
 * called on the backend directly from Java. The embedded store is on disk, as a host with a data
 * dir has it; Redis is a real server on loopback.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KvBenchmark {
    /** Operations per request: enough that the request's own cost is a small share of the time. */
    static final int OPERATIONS = 100;

    private static final String FUNCTION = "kv-bench";
    private static final byte[] VALUE = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Param({"embedded", "redis"})
    public String backend;

    @Param({"get", "set", "incr"})
    public String operation;

    private Path dataDir;
    private RedisProcess redis;
    private RedisBackend redisBackend;
    private KvBackend store;
    private EdgeRuntime runtime;
    private Deployment deployment;
    private String namespace;
    private byte[] key;
    private final GuestRequest request = new GuestRequest("GET", "http://localhost/kv-bench", List.of(), new byte[0]);

    @Setup
    public void setUp() throws IOException, InterruptedException {
        if (backend.equals("redis")) {
            redis = new RedisProcess();
            redisBackend = RedisBackend.open(redis.uri());
            store = redisBackend.kv();
        } else {
            dataDir = Files.createTempDirectory("edge-kv-bench");
            store = MvStoreKvBackend.open(dataDir.resolve("kv.mv.db"));
        }
        runtime = new EdgeRuntime(null, 1L << 30, store, new FetchClients(), RuntimeOptions.defaults());
        deployment =
                runtime.deploy(FUNCTION, Wat2Wasm.parse(guest(operation)), FunctionSettings.builder().engine(Engine.COMPILER).build(), false)
                        .deployment();
        namespace = FunctionKv.namespace(FUNCTION, null);
        key = key(operation);
        store.set(namespace, key, operation.equals("incr") ? "0".getBytes(StandardCharsets.US_ASCII) : VALUE, 0);
    }

    @TearDown
    public void tearDown() throws IOException {
        runtime.close();
        if (redisBackend != null) {
            redisBackend.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Benchmark
    public byte[] throughGuest() {
        return runtime.invoke(deployment, request, "benchmark", (level, message) -> { }, new InvocationStats()).body();
    }

    @Benchmark
    public long direct() {
        long sum = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            switch (operation) {
                case "get" -> sum += store.get(namespace, key).length;
                case "set" -> store.set(namespace, key, VALUE, 0);
                default -> sum += store.increment(namespace, key, 1, 0);
            }
        }
        return sum;
    }

    private static byte[] key(String operation) {
        return ("bench-" + operation).getBytes(StandardCharsets.US_ASCII);
    }

    /** A guest that performs the operation {@value #OPERATIONS} times and traps should one fail. */
    static String guest(String operation) {
        int keyLength = key(operation).length;
        String call =
                switch (operation) {
                    case "get" -> "(call $get (i32.const 0) (i32.const " + keyLength + ") (i32.const 1024) (i32.const 1024))";
                    case "set" -> "(call $set (i32.const 0) (i32.const " + keyLength + ") (i32.const 64) (i32.const " + VALUE.length + ") (i32.const 0))";
                    case "incr" -> "(call $incr (i32.const 0) (i32.const " + keyLength + ") (i64.const 1) (i32.const 0) (i32.const 512))";
                    default -> throw new IllegalArgumentException("no key-value operation " + operation);
                };
        return "(module\n"
                + "  (import \"edge\" \"kv_get\" (func $get (param i32 i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"kv_set\" (func $set (param i32 i32 i32 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"kv_incr\" (func $incr (param i32 i32 i64 i32 i32) (result i32)))\n"
                + "  (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))\n"
                + "  (memory (export \"memory\") 1)\n"
                + "  (data (i32.const 0) \"bench-" + operation + "\")\n"
                + "  (data (i32.const 64) \"" + new String(VALUE, StandardCharsets.US_ASCII) + "\")\n"
                + "  (func (export \"handle\") (local $i i32)\n"
                + "    (loop $again\n"
                + "      (if (i32.lt_s " + call + " (i32.const 0)) (then unreachable))\n"
                + "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
                + "      (br_if $again (i32.lt_u (local.get $i) (i32.const " + OPERATIONS + "))))\n"
                + "    (drop (call $write (i32.const 0) (i32.const 5)))))\n";
    }
}

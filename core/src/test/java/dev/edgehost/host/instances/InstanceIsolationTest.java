package dev.edgehost.host.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance check for pooled instances: a guest reports every byte of memory, every global,
 * the table and its passive segments as it finds them, then overwrites all of it and sometimes
 * traps or grows its table. Request after request, a pooled host must answer exactly what a host
 * that builds a fresh instance per request answers, with the same fuel.
 */
class InstanceIsolationTest {
    private static final byte[] ISOLATION = Wat2Wasm.parse(resource("/guests/isolation.wat"));

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pooled_everyRequestAfterAnyOther_seesExactlyAFreshInstance(Engine engine) {
        try (EdgeRuntime pooled = runtime(true);
                EdgeRuntime fresh = runtime(false)) {
            Deployment pooledFunction = deploy(pooled, engine);
            Deployment freshFunction = deploy(fresh, engine);
            Random random = new Random(42);
            Set<String> reports = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                List<Map.Entry<String, String>> headers = randomHeaders(random);
                Outcome expected = Outcome.of(fresh, freshFunction, headers);
                Outcome actual = Outcome.of(pooled, pooledFunction, headers);
                assertEquals(expected, actual, "request " + i + " with " + headers);
                if (expected.body() != null) {
                    reports.add(expected.body());
                }
            }
            assertEquals(1, reports.size(), reports::toString);
            String report = reports.iterator().next();
            assertTrue(report.startsWith("m=2 ") && report.contains(" g=41,9,") && report.endsWith(" t=4:01n2 ok"), report);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void counter_concurrentRequests_alwaysAnswer4242(Engine engine) throws InterruptedException {
        try (EdgeRuntime runtime = runtime(true)) {
            Deployment counter =
                    runtime.deploy("counter", sample("counter"), FunctionSettings.builder().engine(engine).build(), false)
                            .deployment();
            List<Thread> threads = new ArrayList<>();
            List<String> wrong = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                threads.add(
                        new Thread(
                                () -> {
                                    for (int i = 0; i < 100; i++) {
                                        String body = Outcome.of(runtime, counter, List.of()).body();
                                        if (!"42,42".equals(body)) {
                                            wrong.add(body);
                                        }
                                    }
                                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), wrong);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pooled_afterATimeout_threadIsCleanAndNextRequestIsFresh(Engine engine) {
        byte[] loopOnHeader =
                Wat2Wasm.parse(
                        "(module (import \"edge\" \"resp_write\" (func $w (param i32 i32) (result i32)))"
                                + " (import \"edge\" \"req_header\" (func $h (param i32 i32 i32 i32) (result i32)))"
                                + " (memory (export \"memory\") 1) (data (i32.const 0) \"x-loop\")"
                                + " (global $n (mut i32) (i32.const 0))"
                                + " (func (export \"handle\")"
                                + "  (global.set $n (i32.add (global.get $n) (i32.const 1)))"
                                + "  (i32.store8 (i32.const 16) (i32.add (i32.const 48) (global.get $n)))"
                                + "  (if (i32.ge_s (call $h (i32.const 0) (i32.const 6) (i32.const 0) (i32.const 0)) (i32.const 0))"
                                + "   (then (loop $l (br $l))))"
                                + "  (drop (call $w (i32.const 16) (i32.const 1)))))");
        FunctionLimits limits =
                FunctionLimits.builder().timeout(Duration.ofMillis(200)).fuel(FunctionLimits.MAX_FUEL).build();
        try (EdgeRuntime runtime = runtime(true)) {
            Deployment function =
                    runtime.deploy("loop", loopOnHeader, FunctionSettings.builder().limits(limits).engine(engine).build(), false).deployment();
            assertEquals("1", Outcome.of(runtime, function, List.of()).body());
            Outcome timedOut = Outcome.of(runtime, function, List.of(Map.entry("x-loop", "1")));
            assertEquals("timeout", timedOut.error());
            assertFalse(Thread.currentThread().isInterrupted());
            assertEquals("1", Outcome.of(runtime, function, List.of()).body());
        }
    }

    private static List<Map.Entry<String, String>> randomHeaders(Random random) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            headers.add(Map.entry("x-trap", "1"));
        }
        if (random.nextInt(6) == 0) {
            headers.add(Map.entry("x-grow", "1"));
        }
        return headers;
    }

    private static EdgeRuntime runtime(boolean pooling) {
        return TestRuntimes.create(64L << 20, RuntimeOptions.defaults().withPooling(pooling));
    }

    private static Deployment deploy(EdgeRuntime runtime, Engine engine) {
        FunctionLimits limits = FunctionLimits.builder().memoryPages(3).build();
        return runtime.deploy("isolation", ISOLATION, FunctionSettings.builder().limits(limits).engine(engine).build(), false).deployment();
    }

    /** What a request answered: its body or error code, and the fuel it used. */
    private record Outcome(int status, String body, String error, long fuel) {
        static Outcome of(EdgeRuntime runtime, Deployment deployment, List<Map.Entry<String, String>> headers) {
            InvocationStats stats = new InvocationStats();
            GuestRequest request = new GuestRequest("GET", "http://localhost/", headers, new byte[0]);
            try {
                GuestResponse response = runtime.invoke(deployment, request, "test", (level, message) -> { }, stats);
                return new Outcome(response.status(), new String(response.body(), StandardCharsets.UTF_8), null, stats.fuelUsed());
            } catch (EdgeException e) {
                return new Outcome(e.error().status(), null, e.error().code(), stats.fuelUsed());
            }
        }
    }

    private static byte[] sample(String name) {
        try (InputStream in = InstanceIsolationTest.class.getResourceAsStream("/samples/wat/" + name + ".wasm")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = InstanceIsolationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.edgehost.host.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.compile.DeployBudgets;
import dev.edgehost.host.compile.ModuleCompiler;
import dev.edgehost.host.execution.DeadlineWatchdog;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.store.FunctionStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which snapshot a function's pool restores to, depending on what its initialization does. */
class SnapshotsTest {
    private static final String LOG_IMPORT = "(import \"edge\" \"log\" (func $log (param i32 i32 i32)))";
    private final DeadlineWatchdog deadlines = new DeadlineWatchdog("test-deadlines");

    @AfterEach
    void stop() {
        deadlines.close();
    }

    @Test
    void prepare_initializeCallingNoHostFunction_snapshotsAfterIt() {
        InstanceSource source = prepare("(func (export \"_initialize\") (global.set $g (i32.const 5)))");

        assertTrue(assertInstanceOf(InstancePool.class, source).initialized());
    }

    @Test
    void prepare_initializeCallingTheHost_snapshotsBeforeItAndEveryRequestRunsIt() {
        String initialize = "(func (export \"_initialize\") (call $log (i32.const 1) (i32.const 0) (i32.const 2)))";
        InstanceSource source = prepare(initialize);

        assertFalse(assertInstanceOf(InstancePool.class, source).initialized());
        try (EdgeRuntime runtime = TestRuntimes.create(1 << 20, RuntimeOptions.defaults())) {
            Deployment deployment =
                    runtime.deploy("logs", module(initialize), FunctionSettings.defaults(), false).deployment();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runtime.invoke(
                        deployment,
                        new GuestRequest("GET", "http://localhost/", List.of(), new byte[0]),
                        "test",
                        (level, message) -> lines.add(level + " " + message),
                        new InvocationStats());
            }
            assertEquals(List.of("INFO hi", "INFO hi", "INFO hi"), lines);
        }
    }

    @Test
    void prepare_cgiCommand_isPooledFromItsInstantiatedStateAndStartRunsPerRequest() {
        String command =
                "(module " + LOG_IMPORT + " (memory (export \"memory\") 1) (data (i32.const 0) \"hi\")"
                        + " (func (export \"_start\") (call $log (i32.const 1) (i32.const 0) (i32.const 2))))";
        byte[] wasm = Wat2Wasm.parse(command);
        CompiledModule compiled =
                new ModuleCompiler(1 << 20, null, DeployBudgets.defaults())
                        .compile(wasm, FunctionStore.sha256(wasm), Engine.COMPILER, FunctionLimits.defaults(), FunctionMode.AUTO);

        InstanceSource source = Snapshots.prepare(compiled, FunctionLimits.defaults(), deadlines, new PoolBudget(1 << 30));

        assertFalse(assertInstanceOf(InstancePool.class, source).initialized());
        try (EdgeRuntime runtime = TestRuntimes.create(1 << 20, RuntimeOptions.defaults())) {
            Deployment deployment = runtime.deploy("command", wasm, FunctionSettings.defaults(), false).deployment();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runtime.invoke(
                        deployment,
                        new GuestRequest("GET", "http://localhost/command", List.of(), new byte[0]),
                        "test",
                        (level, message) -> lines.add(level + " " + message),
                        new InvocationStats());
            }
            assertEquals(List.of("INFO hi", "INFO hi", "INFO hi"), lines);
        }
    }

    @Test
    void prepare_initializeTrapping_snapshotsBeforeIt() {
        InstanceSource source = prepare("(func (export \"_initialize\") unreachable)");

        assertFalse(assertInstanceOf(InstancePool.class, source).initialized());
    }

    @Test
    void prepare_startFunctionCallingTheHost_buildsFreshInstances() {
        InstanceSource source =
                prepare("(func $start (call $log (i32.const 1) (i32.const 0) (i32.const 2))) (start $start)");

        assertInstanceOf(FreshInstances.class, source);
    }

    @Test
    void prepare_initializeRunningOutOfFuel_snapshotsBeforeIt() {
        InstanceSource source =
                prepare("(func (export \"_initialize\") (loop $l (br $l)))", FunctionLimits.builder().fuel(1000).build());

        assertFalse(assertInstanceOf(InstancePool.class, source).initialized());
    }

    private InstanceSource prepare(String functions) {
        return prepare(functions, FunctionLimits.defaults());
    }

    private InstanceSource prepare(String functions, FunctionLimits limits) {
        byte[] wasm = module(functions);
        CompiledModule compiled =
                new ModuleCompiler(1 << 20, null, DeployBudgets.defaults())
                        .compile(wasm, FunctionStore.sha256(wasm), Engine.COMPILER, limits, FunctionMode.AUTO);
        return Snapshots.prepare(compiled, limits, deadlines, new PoolBudget(1 << 30));
    }

    private static byte[] module(String functions) {
        return Wat2Wasm.parse(
                "(module " + LOG_IMPORT + " (memory (export \"memory\") 1) (data (i32.const 0) \"hi\")"
                        + " (global $g (mut i32) (i32.const 0)) " + functions + " (func (export \"handle\")))");
    }
}

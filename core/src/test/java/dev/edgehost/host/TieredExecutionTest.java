package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.compile.DeployHeap;
import dev.edgehost.host.compile.ModuleBudgetCheck;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.TierInfo;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large module serves on the interpreter at once, then on compiled code, with the same fuel. */
class TieredExecutionTest {
    private static final byte[] LARGE = TestGuests.largeModule(300, 300);

    @Test
    void deploy_largeModule_servesInterpretedThenCompiledWithTheSameFuel() throws InterruptedException {
        try (EdgeHost host = EdgeHost.builder().workers(1).tieredModuleBytes(10_000).build()) {
            host.deploy("big", LARGE, FunctionSettings.defaults());
            EdgeRuntime runtime = HostCore.of(host).runtime();
            TierInfo first = tier(runtime, "big");
            EdgeResponse interpreted = host.handle(request());
            boolean servedInterpreted = TierInfo.INTERPRETER.equals(first.tier());

            TierInfo done = await(runtime, "big", "ready");
            EdgeResponse compiled = host.handle(request());

            assertTrue(servedInterpreted, "the deploy answered before the compile was done: " + first);
            assertEquals(TierInfo.COMPILED, done.tier());
            assertEquals(200, interpreted.status());
            assertEquals(200, compiled.status());
            assertTrue(interpreted.fuelUsed() > 300 * 100, "fuel " + interpreted.fuelUsed());
            assertEquals(interpreted.fuelUsed(), compiled.fuelUsed(), "the same fuel on both tiers");
            assertTrue(done.compileMs() != null && done.compileMs() >= 0, done.toString());
        }
    }

    @Test
    void deploy_smallModule_isCompiledAtTheDeployAsBefore() {
        try (EdgeHost host = EdgeHost.builder().workers(1).tieredModuleBytes(10_000).build()) {
            host.deploy("small", TestGuests.sample("hello"), FunctionSettings.defaults());
            TierInfo tier = tier(HostCore.of(host).runtime(), "small");
            assertEquals(new TierInfo(TierInfo.COMPILED, "ready", null, null, null), tier);
        }
    }

    @Test
    void backgroundCompile_pastTheCompileTimeout_keepsServingOnTheInterpreterAndSaysWhy(@TempDir Path dataDir)
            throws InterruptedException {
        try (EdgeHost host = EdgeHost.builder().dataDir(dataDir).workers(1).build()) {
            host.deploy("big", LARGE, FunctionSettings.defaults());
        }
        // The stored module is loaded without the budget; its background compile has a millisecond.
        try (EdgeHost host =
                EdgeHost.builder().dataDir(dataDir).workers(1).tieredModuleBytes(10_000).compileTimeout(Duration.ofMillis(1)).build()) {
            TierInfo failed = await(HostCore.of(host).runtime(), "big", "failed");

            assertEquals(TierInfo.INTERPRETER, failed.tier());
            assertTrue(failed.failure().contains("compile-timeout-ms"), failed.failure());
            assertEquals(200, host.handle(request()).status());
            Thread.sleep(2_000);
            assertEquals("failed", tier(HostCore.of(host).runtime(), "big").state(), "a late compile result is dropped");
        }
    }

    @Test
    void backgroundCompile_pastTheDeployHeap_isNotStartedAndTheInterpreterServesSayingWhy() throws InterruptedException {
        long code = ModuleBudgetCheck.codeBytes(LARGE);
        long between = (DeployHeap.toCheck(code) + DeployHeap.toCompile(code)) / 2;
        try (EdgeHost host = EdgeHost.builder().workers(1).tieredModuleBytes(10_000).maxDeployHeapBytes(between).build()) {
            host.deploy("big", LARGE, FunctionSettings.defaults());
            TierInfo failed = await(HostCore.of(host).runtime(), "big", "failed");

            assertEquals(TierInfo.INTERPRETER, failed.tier());
            assertTrue(failed.failure().contains("max-deploy-heap-bytes"), failed.failure());
            assertEquals(null, failed.compileMs(), "no compile ran");
            assertEquals(200, host.handle(request()).status());
        }
    }

    private static EdgeRequest request() {
        return EdgeRequest.builder("GET", URI.create("http://localhost/big")).build();
    }

    private static TierInfo tier(EdgeRuntime runtime, String name) {
        return runtime.tier(runtime.find(name).orElseThrow());
    }

    private static TierInfo await(EdgeRuntime runtime, String name, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            TierInfo tier = tier(runtime, name);
            if (tier.state().equals(state)) {
                return tier;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + tier + " after 120 s");
            }
            Thread.sleep(20);
        }
    }
}

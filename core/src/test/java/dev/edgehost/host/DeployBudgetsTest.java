package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.compile.DeployHeap;
import dev.edgehost.host.compile.ModuleBudgetCheck;
import dev.edgehost.testing.TestGuests;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The host's deploy budgets, as an embedder sets them on {@link EdgeHost.Builder}. */
class DeployBudgetsTest {

    @Test
    void deploy_compilePastTheTimeout_isRefusedNamingItAndTheHostKeepsDeploying() {
        try (EdgeHost host = EdgeHost.builder().workers(1).compileTimeout(Duration.ofMillis(100)).build()) {
            long start = System.nanoTime();

            ModuleRejectedException refused =
                    assertThrows(
                            ModuleRejectedException.class,
                            () -> host.deploy("many", TestGuests.emptyFunctions(20_000), FunctionSettings.defaults()));

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(HttpError.UPLOAD_TOO_LARGE, refused.error());
            assertTrue(refused.getMessage().contains("compile-timeout-ms"), refused.getMessage());
            assertTrue(millis < 5_000, "answered after " + millis + " ms");
            assertTrue(host.function("many").isEmpty());
        }
    }

    @Test
    void deploy_pastTheDeployHeap_isRefusedUpFrontNamingTheSetting() {
        byte[] wasm = TestGuests.largeModule(100, 300);
        long code = ModuleBudgetCheck.codeBytes(wasm);
        try (EdgeHost host = EdgeHost.builder().workers(1).maxDeployHeapBytes(DeployHeap.toCheck(code) - 1).build()) {
            ModuleRejectedException interpreted =
                    assertThrows(
                            ModuleRejectedException.class,
                            () -> host.deploy("big", wasm, FunctionSettings.builder().engine(Engine.INTERPRETER).build()));
            ModuleRejectedException compiled =
                    assertThrows(ModuleRejectedException.class, () -> host.deploy("big", wasm, FunctionSettings.defaults()));

            assertEquals(HttpError.UPLOAD_TOO_LARGE, interpreted.error());
            assertTrue(interpreted.getMessage().contains("max-deploy-heap-bytes"), interpreted.getMessage());
            assertTrue(compiled.getMessage().contains("engine=interpreter"), compiled.getMessage());
            assertTrue(host.function("big").isEmpty());
        }
        try (EdgeHost host = EdgeHost.builder().workers(1).maxDeployHeapBytes(DeployHeap.toCompile(code)).build()) {
            host.deploy("big", wasm, FunctionSettings.defaults());
            assertTrue(host.function("big").isPresent(), "a deploy within its estimate is taken");
        }
    }

    @Test
    void deploy_pastTheTotalCode_isRefusedButAReplacementCountsOnlyOnce() {
        byte[] wasm = TestGuests.emptyFunctions(100);
        try (EdgeHost host = EdgeHost.builder().workers(1).maxTotalCodeBytes(2 * 302 + 10).build()) {
            host.deploy("a", wasm, FunctionSettings.defaults());
            host.deploy("b", wasm, FunctionSettings.defaults());
            host.deploy("b", wasm, FunctionSettings.defaults());

            ModuleRejectedException refused =
                    assertThrows(ModuleRejectedException.class, () -> host.deploy("c", wasm, FunctionSettings.defaults()));

            assertEquals(HttpError.UPLOAD_TOO_LARGE, refused.error());
            assertTrue(refused.getMessage().contains("max-total-code-bytes"), refused.getMessage());
            host.undeploy("a");
            host.deploy("c", wasm, FunctionSettings.defaults());
        }
    }

    @Test
    void deploy_moreFunctionsThanTheHostSetting_isRefused() {
        try (EdgeHost host = EdgeHost.builder().workers(1).maxModuleFunctions(10).build()) {
            ModuleRejectedException refused =
                    assertThrows(
                            ModuleRejectedException.class,
                            () -> host.deploy("many", TestGuests.emptyFunctions(11), FunctionSettings.defaults()));

            assertTrue(refused.getMessage().contains("max-module-functions"), refused.getMessage());
            host.deploy("few", TestGuests.emptyFunctions(10), FunctionSettings.defaults());
        }
    }

    @Test
    void builder_budgetsOutOfRange_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().maxModuleFunctions(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().maxFunctionCodeBytes(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().maxModuleCodeBytes(-1).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().maxTotalCodeBytes(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().compileTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().compileTimeout(Duration.ofHours(2)).build());
        assertThrows(NullPointerException.class, () -> EdgeHost.builder().compileTimeout(null));
    }
}

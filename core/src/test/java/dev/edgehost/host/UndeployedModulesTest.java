package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * An undeployed function's compiled module leaves the cache unless another deployment runs it: the
 * cache is bounded by module bytes, and each warm upload of the 8.4 MB module kept some 480 MB of
 * heap after its function was gone.
 */
class UndeployedModulesTest {
    private static byte[] module(int value) {
        return TestGuests.wat("(module (import \"edge\" \"resp_set_status\" (func $status (param i32) (result i32)))"
                + " (memory (export \"memory\") 1) (func (export \"handle\") (drop (call $status (i32.const " + value + ")))))");
    }

    @Test
    void undeploy_onlyFunctionRunningAModule_dropsItsCompiledModule() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            EdgeRuntime runtime = HostCore.of(host).runtime();
            long before = runtime.cachedModules();
            host.deploy("a", module(201), FunctionSettings.defaults());
            assertEquals(before + 1, runtime.cachedModules());
            host.undeploy("a");
            assertEquals(before, runtime.cachedModules());
        }
    }

    @Test
    void undeploy_moduleAnotherFunctionRuns_keepsItAndTheOtherServes() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            EdgeRuntime runtime = HostCore.of(host).runtime();
            long before = runtime.cachedModules();
            host.deploy("a", module(202), FunctionSettings.defaults());
            host.deploy("b", module(202), FunctionSettings.defaults());
            host.undeploy("a");
            assertEquals(before + 1, runtime.cachedModules());
            assertEquals(202, host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/b")).build()).status());
        }
    }

    @Test
    void undeploy_functionWithEarlierVersions_dropsEveryVersionsModule() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            EdgeRuntime runtime = HostCore.of(host).runtime();
            long before = runtime.cachedModules();
            host.deploy("a", module(203), FunctionSettings.defaults());
            host.deploy("a", module(204), FunctionSettings.defaults());
            assertEquals(204, host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/a")).build()).status());
            host.undeploy("a");
            assertEquals(before, runtime.cachedModules());
        }
    }
}

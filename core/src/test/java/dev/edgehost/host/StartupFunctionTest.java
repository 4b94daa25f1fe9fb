package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Functions given to the builder to deploy at start: without background loading, build() deploys them. */
class StartupFunctionTest {

    @Test
    void build_startupFunctions_areDeployedBeforeItReturns() {
        try (EdgeHost host = EdgeHost.builder().workers(1)
                .startupFunction("hello", TestGuests.sample("hello"), FunctionKind.WASM, FunctionSettings.defaults(), "test")
                .build()) {
            EdgeResponse response = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/hello")).build());
            assertEquals("Hello from the edge!\n", new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void build_startupFunctionThatDoesNotDeploy_fails() {
        EdgeHost.Builder builder = EdgeHost.builder().workers(1).startupFunction(
                "broken", TestGuests.wat("(module (memory (export \"memory\") 1))"), FunctionKind.WASM,
                FunctionSettings.defaults(), "test");
        assertThrows(ModuleRejectedException.class, builder::build);
    }

    @Test
    void startupFunction_invalidNameOrNoCode_isRefusedAtOnce() {
        EdgeHost.Builder builder = EdgeHost.builder();
        byte[] hello = TestGuests.sample("hello");
        assertThrows(IllegalArgumentException.class,
                () -> builder.startupFunction("Not/Valid", hello, FunctionKind.WASM, FunctionSettings.defaults(), "test"));
        assertThrows(IllegalArgumentException.class,
                () -> builder.startupFunction("empty", new byte[0], FunctionKind.WASM, FunctionSettings.defaults(), "test"));
    }
}

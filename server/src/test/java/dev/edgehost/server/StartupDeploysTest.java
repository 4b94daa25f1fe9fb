package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Functions given at start (a config file's, the bundled samples) deploy after the listeners are
 * up, smallest first, as stored functions load: the host answers at once.
 */
class StartupDeploysTest {

    @Test
    void start_slowStartupFunction_listensAtOnceAndAnswersFunctionLoadingUntilIn() throws InterruptedException {
        FunctionSettings settings = FunctionSettings.defaults();
        // Some seconds to compile: the deploy outlasts the first requests below.
        byte[] big = TestHost.largeModule(2_000, 200);
        long started = System.nanoTime();
        try (TestHost host = TestHost.startLoading(null, builder -> builder
                .startupFunction("big", big, FunctionKind.WASM, settings, "test.toml:1:1: functions[0] (big)")
                .startupFunction("small", TestHost.sample("hello"), FunctionKind.WASM, settings, "test.toml:5:1: functions[1] (small)"))) {
            HttpResponse<String> unready = host.admin("GET", "/readyz");
            long answeredMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, unready.statusCode(), unready.body());
            JsonNode body = TestHost.json(unready);
            assertTrue(body.path("reasons").toString().contains("deploying start-up functions: "), unready.body());
            assertTrue(body.path("startupFunctions").path("pending").asInt() >= 1, unready.body());
            assertTrue(answeredMs < 10_000, "the host answers before the big module compiles: " + answeredMs + " ms");

            await(() -> host.get("/small").statusCode() == 200, "the small function serves first");
            HttpResponse<String> loading = host.get("/big");
            assertEquals(503, loading.statusCode(), "the big one is still compiling: " + loading.body());
            assertEquals("function_loading", TestHost.errorCode(loading));
            assertEquals("1", loading.headers().firstValue("retry-after").orElseThrow());
            JsonNode state = TestHost.json(host.admin("GET", "/functions/big")).path("startup");
            assertEquals("loading", state.path("state").asText(), state.toString());
            assertEquals("test.toml:1:1: functions[0] (big)", state.path("source").asText());
            JsonNode pending = TestHost.json(host.admin("GET", "/readyz"));
            assertEquals(1, pending.path("startupFunctions").path("loaded").asInt(), pending.toString());
            assertEquals(1, pending.path("startupFunctions").path("pending").asInt(), pending.toString());

            await(() -> host.admin("GET", "/readyz").statusCode() == 200, "ready once both are in");
            JsonNode ready = TestHost.json(host.admin("GET", "/readyz"));
            assertEquals(2, ready.path("startupFunctions").path("loaded").asInt(), ready.toString());
            assertEquals(0, ready.path("startupFunctions").path("pending").asInt(), ready.toString());
            assertEquals(200, host.get("/big").statusCode());
            assertFalse(TestHost.json(host.admin("GET", "/functions/big")).has("startup"), "the function JSON of a serving function");
        }
    }

    @Test
    void start_startupFunctionThatDoesNotDeploy_isShownFailedAndTheHostGetsReady() throws InterruptedException {
        byte[] noHandle = TestHost.wat("(module (memory (export \"memory\") 1))");
        try (TestHost host = TestHost.start(null, builder -> builder
                .startupFunction("broken", noHandle, FunctionKind.WASM, FunctionSettings.defaults(), "test.toml:1:1: functions[0] (broken)"))) {
            HttpResponse<String> described = host.admin("GET", "/functions/broken");
            assertEquals(200, described.statusCode(), described.body());
            JsonNode state = TestHost.json(described).path("startup");
            assertEquals("failed", state.path("state").asText(), state.toString());
            assertEquals("missing_export", state.path("error").asText(), state.toString());
            assertTrue(state.path("message").asText().contains("handle"), state.toString());
            assertEquals("test.toml:1:1: functions[0] (broken)", state.path("source").asText());
            HttpResponse<String> ready = host.admin("GET", "/readyz");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(1, TestHost.json(ready).path("startupFunctions").path("failed").asInt(), ready.body());
            assertEquals(404, host.get("/broken").statusCode());
        }
    }

    @Test
    void start_startupFunctionUndeployedWhilePending_staysRemoved() throws InterruptedException {
        FunctionSettings settings = FunctionSettings.defaults();
        try (TestHost host = TestHost.startLoading(null, builder -> builder
                .startupFunction("big", TestHost.largeModule(2_000, 200), FunctionKind.WASM, settings, "first")
                .startupFunction("later", TestHost.largeModule(2_000, 210), FunctionKind.WASM, settings, "second"))) {
            assertEquals(204, host.admin("DELETE", "/functions/later").statusCode(), "still pending behind the first");
            await(() -> host.admin("GET", "/readyz").statusCode() == 200, "ready once the deploys are over");
            assertEquals(200, host.get("/big").statusCode());
            assertEquals(404, host.get("/later").statusCode());
            assertEquals(404, host.admin("GET", "/functions/later").statusCode());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted server listens at once and loads its stored functions in the background, smallest first. */
class StoredLoadingTest {

    @Test
    void start_slowStoredModule_otherFunctionsServeAndItAnswersFunctionLoadingUntilIn(@TempDir Path dataDir)
            throws InterruptedException {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("small", TestHost.sample("hello"), "");
            // Some seconds to compile: the load outlasts the first requests below.
            host.deployOrFail("big", TestHost.largeModule(2_000, 200), "");
        }

        try (TestHost host = TestHost.startLoading(dataDir, builder -> builder)) {
            HttpResponse<String> unready = host.admin("GET", "/readyz");
            assertEquals(503, unready.statusCode(), unready.body());
            JsonNode body = TestHost.json(unready);
            assertTrue(body.path("reasons").path(0).asText().startsWith("loading stored functions: "), unready.body());
            assertTrue(body.path("storedFunctions").path("pending").asInt() >= 1, unready.body());

            await(() -> host.get("/small").statusCode() == 200, "the small function serves");
            HttpResponse<String> loading = host.get("/big");
            assertEquals(503, loading.statusCode(), "the big one is still compiling: " + loading.body());
            assertEquals("function_loading", TestHost.errorCode(loading));
            assertEquals("1", loading.headers().firstValue("retry-after").orElseThrow());
            JsonNode pending = TestHost.json(host.admin("GET", "/readyz"));
            assertEquals(1, pending.path("storedFunctions").path("loaded").asInt());
            assertEquals(1, pending.path("storedFunctions").path("pending").asInt());
            assertEquals(404, host.get("/never-deployed").statusCode());

            await(() -> host.admin("GET", "/readyz").statusCode() == 200, "ready once both are in");
            JsonNode ready = TestHost.json(host.admin("GET", "/readyz"));
            assertEquals(2, ready.path("storedFunctions").path("loaded").asInt());
            assertEquals(0, ready.path("storedFunctions").path("pending").asInt());
            assertEquals(200, host.get("/big").statusCode());
        }
    }

    @Test
    void start_functionUndeployedWhileLoading_staysRemoved(@TempDir Path dataDir) throws InterruptedException {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("big", TestHost.largeModule(2_000, 200), "");
        }
        try (TestHost host = TestHost.startLoading(dataDir, builder -> builder)) {
            assertEquals(204, host.admin("DELETE", "/functions/big").statusCode());
            await(() -> host.admin("GET", "/readyz").statusCode() == 200, "ready once the load is over");
            assertEquals(404, host.get("/big").statusCode());
        }
        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals(404, host.get("/big").statusCode(), "the removal was stored");
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

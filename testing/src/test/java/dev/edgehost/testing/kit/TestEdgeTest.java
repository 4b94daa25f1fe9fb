package dev.edgehost.testing.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.ModuleRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit itself: deploys, requests, key-value data, logs, fuel, stub origins and host answers. */
@EdgeTest
class TestEdgeTest {

    @Test
    void get_pathBelowTheFunction_isWhatTheGuestSees(TestEdge edge) {
        TestFunction echo = edge.deploy("echo", Samples.module("wat/echo.wasm"));

        TestResponse response = echo.request("POST", "/a/b?c=1").header("x-one", "1").body("payload").send();

        assertEquals(200, response.status());
        assertTrue(response.text().startsWith("POST\nhttp://localhost/echo/a/b?c=1\n"), response.text());
        assertTrue(response.text().contains("x-one: 1"), response.text());
        assertTrue(response.text().endsWith("payload"), response.text());
        assertTrue(response.fuel() > 0);
        assertNull(response.error());
    }

    @Test
    void deploy_javascriptFile_isDeployedAsAScript(TestEdge edge) {
        TestFunction limiter =
                edge.deploy("limiter", Samples.module("javascript/rate-limit/rate-limit.js"), settings -> settings.config("limit", "1"));

        assertEquals(FunctionKind.JAVASCRIPT, limiter.info().kind());
        assertEquals(200, limiter.request("GET", "/").header("x-client-id", "kit").send().status());
        assertEquals(429, limiter.request("GET", "/").header("x-client-id", "kit").send().status());
    }

    @Test
    void deployScript_throwingHandler_isScriptError(TestEdge edge) {
        TestFunction throwing =
                edge.deployScript("throwing", "export default { fetch() { throw new Error('no'); } };", settings -> settings);

        assertEquals("script_error", throwing.get("/").error());
    }

    @Test
    void get_onTheEdge_routesByTheFirstSegment(TestEdge edge) {
        edge.deploy("hello", Samples.module("wat/hello.wasm"));

        assertEquals("Hello from the edge!\n", edge.get("/hello/anything").text());
        assertEquals("not_found", edge.get("/nobody").error());
    }

    @Test
    void kv_seededBeforeARequest_isWhatTheGuestReads_andItsWritesCanBeRead(TestEdge edge) {
        TestFunction counter = edge.deploy("counter", Samples.module("wat/kv-counter.wasm"));
        counter.kv().put("visits", "41");

        assertEquals("42", counter.get("/").text());

        assertEquals("42", counter.kv().get("visits"));
        assertEquals(List.of("visits"), counter.kv().keys());
        assertTrue(counter.kv().delete("visits"));
        assertEquals("1", counter.get("/").text());
    }

    @Test
    void kv_sharedStore_isSharedByItsFunctions(TestEdge edge) {
        TestFunction first = edge.deploy("first", Samples.module("wat/kv-counter.wasm"), settings -> settings.kvStore("shared"));
        TestFunction second = edge.deploy("second", Samples.module("wat/kv-counter.wasm"), settings -> settings.kvStore("shared"));

        first.get("/");

        assertEquals("2", second.get("/").text());
        assertEquals("2", first.kv().get("visits"));
    }

    @Test
    void kv_ttl_expires(TestEdge edge) throws Exception {
        TestFunction counter = edge.deploy("counter", Samples.module("wat/kv-counter.wasm"));
        counter.kv().put("short", "x".getBytes(StandardCharsets.UTF_8), 1);

        Thread.sleep(1_100);

        assertNull(counter.kv().get("short"));
    }

    @Test
    void logs_ofTheRequestAndOfTheFunction(TestEdge edge) {
        TestFunction wasi = edge.deploy("wasi", Samples.module("wat/wasi.wasm"));

        TestResponse response = wasi.get("/");

        assertEquals(List.of("hello from stdout", "hello from stderr", "hello from log"), response.logMessages());
        assertEquals(LogLevel.WARN, response.logs().get(1).level());
        assertEquals("guest", response.logs().get(0).source());
        wasi.get("/");
        assertEquals(6, wasi.logs().size());
        assertEquals(6, edge.logs().size());
    }

    @Test
    void trap_isTheHostsAnswerWithItsCodeAndWhy(TestEdge edge) {
        TestFunction trap = edge.deploy("trap", Samples.module("wat/trap.wasm"));

        TestResponse response = trap.get("/");

        assertEquals(500, response.status());
        assertEquals("trap", response.error());
        assertTrue(response.message().startsWith("the guest trapped"), response.message());
        assertTrue(response.text().contains("\"error\":\"trap\""), response.text());
    }

    @Test
    void limits_fuel_isTheFunctionsLimit(TestEdge edge) {
        TestFunction loop = edge.deploy("loop", Samples.module("wat/loop.wasm"), settings -> settings.limits(
                dev.edgehost.host.FunctionLimits.builder().fuel(50_000).build()));

        TestResponse response = loop.get("/");

        assertEquals("fuel_exhausted", response.error());
        assertTrue(response.fuel() >= 50_000, "fuel used: " + response.fuel());
    }

    @Test
    void origin_answersTheFunctionsFetches_andRecordsThem(TestEdge edge) {
        StubOrigin origin = edge.origin().answer("GET", "/ok", 200, "hello", "content-type", "text/plain");
        TestFunction gateway = edge.deploy("gateway", Samples.module("wat/gateway.wasm"),
                settings -> settings.config("allowed", origin.url() + "/ok?x=1").config("denied", "http://127.0.0.1:9/no"));

        TestResponse response = gateway.get("/");

        assertEquals("allowed 200 hello\ndenied -4\n", response.text());
        assertEquals(1, origin.received().size());
        StubOrigin.Received received = origin.received().get(0);
        assertEquals("GET", received.method());
        assertEquals("/ok?x=1", received.path());
        assertEquals("gateway", received.header("x-from"));
        assertEquals(response.requestId(), received.header("x-request-id"));
        assertTrue(response.logs().stream().anyMatch(line -> line.source().equals("host") && line.message().startsWith("fetch refused: GET http://127.0.0.1:9/no")),
                response.logs().toString());
    }

    @Test
    void origin_withoutAMatchingAnswer_is404(TestEdge edge) {
        StubOrigin origin = edge.origin();
        TestFunction gateway = edge.deploy("gateway", Samples.module("wat/gateway.wasm"),
                settings -> settings.config("allowed", origin.url() + "/missing").config("denied", "http://127.0.0.1:9/"));

        assertEquals("allowed 404 no stub for GET /missing\ndenied -4\n", gateway.get("/").text());
    }

    @Test
    void deploy_rejectedModule_throwsWithTheHostsReason(TestEdge edge) {
        ModuleRejectedException refused =
                assertThrows(ModuleRejectedException.class, () -> edge.deploy("bad", Samples.module("wat/bad-import.wasm")));

        assertEquals("unknown_import", refused.error().code());
    }

    @Test
    void start_byHand_worksWithoutTheExtension() {
        try (TestEdge edge = TestEdge.start()) {
            assertEquals("Hello from the edge!\n", edge.deploy("hello", Samples.module("wat/hello.wasm")).get("").text());
        }
    }
}

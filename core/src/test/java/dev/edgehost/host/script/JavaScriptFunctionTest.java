package dev.edgehost.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.store.FunctionStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JavaScript functions through {@link EdgeHost}: deploy, requests, refusals, errors and isolation. */
class JavaScriptFunctionTest {
    static final String HELLO = "export default { fetch() { return new Response('hello from js'); } };";

    private static EdgeHost host;

    @BeforeAll
    static void startHost() {
        host = EdgeHost.builder().workers(2).build();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    static EdgeResponse get(EdgeHost host, String path) {
        return host.handle(EdgeRequest.builder("GET", URI.create("http://localhost" + path)).build());
    }

    private static String text(EdgeResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static EdgeException refused(String script) {
        return refused(script, FunctionSettings.defaults());
    }

    private static EdgeException refused(String script, FunctionSettings settings) {
        return assertThrows(EdgeException.class, () -> host.deployScript("refused", script, settings));
    }

    @Test
    void deployScript_hello_answersAndIsDescribedAsAScript() {
        FunctionInfo info = host.deployScript("hello-js", HELLO, FunctionSettings.defaults());

        assertEquals(FunctionKind.JAVASCRIPT, info.kind());
        assertEquals(FunctionMode.ABI, info.mode());
        assertEquals(HELLO.length(), info.size());
        assertEquals(FunctionStore.sha256(HELLO.getBytes(StandardCharsets.UTF_8)), info.sha256());
        EdgeResponse response = get(host, "/hello-js/any?x=1");
        assertEquals(200, response.status());
        assertEquals("hello from js", text(response));
        assertEquals(FunctionKind.JAVASCRIPT, host.function("hello-js").orElseThrow().kind());
    }

    @Test
    void deployScript_serviceWorkerForm_answers() {
        host.deployScript(
                "worker-js",
                "addEventListener('fetch', (event) => event.respondWith(new Response(event.request.method + ' ' + env.GREETING)));",
                FunctionSettings.builder().config("GREETING", "hi").build());

        assertEquals("GET hi", text(get(host, "/worker-js")));
    }

    @Test
    void deployScript_manyScripts_compileNoCode() {
        HostCore core = HostCore.of(host);
        host.deployScript("first-js", HELLO, FunctionSettings.defaults());
        long modules = core.runtime().compilations();
        long engines = JavaScriptEngine.compilations();

        for (int i = 0; i < 3; i++) {
            host.deployScript("more-js-" + i, "export default { fetch() { return new Response('" + i + "'); } };", FunctionSettings.defaults());
        }

        assertEquals(modules, core.runtime().compilations(), "a script's deploy compiles no module");
        assertEquals(engines, JavaScriptEngine.compilations(), "the engine is compiled once for the JVM");
        assertEquals("2", text(get(host, "/more-js-2")));
    }

    @Test
    void deployScript_syntaxError_isInvalidScriptNamingTheLine() {
        EdgeException failure = refused("const a = 1;\n\nfoo(;\n");

        assertEquals("invalid_script", failure.error().code());
        assertEquals(400, failure.error().status());
        assertTrue(failure.getMessage().matches(".*SyntaxError: .*\\(line 3\\)"), failure.getMessage());
    }

    @Test
    void deployScript_topLevelThrows_isInvalidScriptNamingTheLine() {
        EdgeException failure = refused("const x = 1;\nthrow new Error('not configured');\n");

        assertEquals("invalid_script", failure.error().code());
        assertTrue(failure.getMessage().contains("Error: not configured (line 2)"), failure.getMessage());
    }

    @Test
    void deployScript_noFetchHandler_isMissingExport() {
        EdgeException failure = refused("export default { scheduled() {} };");

        assertEquals("missing_export", failure.error().code());
        assertTrue(failure.getMessage().contains("fetch"), failure.getMessage());
    }

    @Test
    void deployScript_cgiMode_isBadRequest() {
        EdgeException failure = refused(HELLO, FunctionSettings.builder().mode(FunctionMode.CGI).build());

        assertEquals("bad_request", failure.error().code());
        assertTrue(failure.getMessage().contains("mode=cgi"), failure.getMessage());
    }

    @Test
    void deployScript_abiMode_answers() {
        host.deployScript("abi-js", HELLO, FunctionSettings.builder().mode(FunctionMode.ABI).build());

        assertEquals("hello from js", text(get(host, "/abi-js")));
    }

    @Test
    void deployScript_memoryCapBelowTheEngine_isMemoryTooLarge() {
        EdgeException failure =
                refused(HELLO, FunctionSettings.builder().limits(FunctionLimits.builder().memoryPages(4).build()).build());

        assertEquals("memory_too_large", failure.error().code());
    }

    @Test
    void deployScript_refused_leavesTheEarlierVersionServing() {
        host.deployScript("kept-js", HELLO, FunctionSettings.defaults());

        assertThrows(EdgeException.class, () -> host.deployScript("kept-js", "syntax error here(", FunctionSettings.defaults()));

        assertEquals("hello from js", text(get(host, "/kept-js")));
    }

    @Test
    void handle_handlerThrows_isScriptErrorWithTheMessageAndNoStack() {
        host.deployScript(
                "throws-js",
                "function lookup(o) { return o.value; }\n"
                        + "export default { fetch() {\n"
                        + "  return new Response(lookup(undefined));\n"
                        + "} };\n",
                FunctionSettings.defaults());

        EdgeException failure = assertThrows(EdgeException.class, () -> get(host, "/throws-js"));

        assertEquals("script_error", failure.error().code());
        assertEquals(500, failure.error().status());
        assertTrue(failure.getMessage().endsWith("TypeError: cannot read property 'value' of undefined (line 3)"), failure.getMessage());
        assertFalse(failure.getMessage().contains("at lookup"), "no stack in the client's message: " + failure.getMessage());
    }

    @Test
    void handle_rejectedPromise_isScriptError() {
        host.deployScript(
                "rejects-js", "export default { async fetch() { throw new RangeError('too far'); } };", FunctionSettings.defaults());

        EdgeException failure = assertThrows(EdgeException.class, () -> get(host, "/rejects-js"));

        assertEquals("script_error", failure.error().code());
        assertTrue(failure.getMessage().contains("RangeError: too far"), failure.getMessage());
    }

    @Test
    void handle_globalSetByARequest_isNotSeenByTheNext() {
        host.deployScript(
                "isolated-js",
                "let count = 0;\nexport default { fetch() { count++; globalThis.seen = (globalThis.seen ?? 0) + 1;"
                        + " return new Response(count + ' ' + globalThis.seen); } };",
                FunctionSettings.defaults());

        for (int i = 0; i < 4; i++) {
            assertEquals("1 1", text(get(host, "/isolated-js")));
        }
    }

    @Test
    void handle_stateOfTheTopLevel_isSeenByEveryRequest() {
        host.deployScript(
                "loaded-js",
                "const table = {};\nfor (let i = 0; i < 100; i++) table['k' + i] = i * i;\n"
                        + "export default { fetch() { return new Response(String(table.k12)); } };",
                FunctionSettings.defaults());

        assertEquals("144", text(get(host, "/loaded-js")));
        assertEquals("144", text(get(host, "/loaded-js")));
    }
}

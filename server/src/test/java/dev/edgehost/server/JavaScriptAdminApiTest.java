package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.host.store.FunctionStore;
import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JavaScript functions through the admin API: the content types, the function JSON, refusals, errors, restarts. */
class JavaScriptAdminApiTest {
    private static final String HELLO =
            "export default { fetch(request, env) { return new Response('hi ' + (env.name ?? 'there')); } };";

    private static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(null);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void deploy_javascriptContentType_deploysAScriptWithTheDeployParameters() {
        HttpResponse<String> deployed = host.deployScript("greet-js", HELLO, "config.name=js&timeout-ms=1500", "application/javascript");

        assertEquals(201, deployed.statusCode(), deployed.body());
        JsonNode info = TestHost.json(deployed);
        assertEquals("javascript", info.path("kind").asText());
        assertEquals(HELLO.length(), info.path("size").asInt());
        assertEquals(FunctionStore.sha256(HELLO.getBytes(StandardCharsets.UTF_8)), info.path("sha256").asText());
        assertEquals(1500, info.path("limits").path("timeout-ms").asInt());
        assertEquals("hi js", host.get("/greet-js").body());
        assertEquals("javascript", TestHost.json(host.admin("GET", "/functions/greet-js")).path("kind").asText());
    }

    @Test
    void deploy_textJavascriptWithUtf8Charset_deploysAScript() {
        HttpResponse<String> deployed = host.deployScript("text-js", HELLO, "", "text/javascript; charset=UTF-8");

        assertEquals(201, deployed.statusCode(), deployed.body());
        assertEquals("hi there", host.get("/text-js").body());
    }

    @Test
    void deploy_scriptInAnotherCharset_isABadRequest() {
        HttpResponse<String> deployed = host.deployScript("latin-js", HELLO, "", "application/javascript; charset=iso-8859-1");

        assertEquals(400, deployed.statusCode());
        assertEquals("bad_request", TestHost.errorCode(deployed));
    }

    @Test
    void deploy_module_isDescribedAsWasm() {
        host.deployOrFail("plain-wasm", TestHost.sample("hello"), "");

        assertEquals("wasm", TestHost.json(host.admin("GET", "/functions/plain-wasm")).path("kind").asText());
    }

    @Test
    void deploy_syntaxError_is400InvalidScriptNamingTheLine() {
        HttpResponse<String> deployed = host.deployScript("broken-js", "// one\nexport default {\n  fetch( {\n};\n", "", "application/javascript");

        assertEquals(400, deployed.statusCode());
        assertEquals("invalid_script", TestHost.errorCode(deployed));
        assertTrue(TestHost.json(deployed).path("message").asText().contains("line "), deployed.body());
        assertEquals(404, host.get("/broken-js").statusCode());
    }

    @Test
    void deploy_noFetchHandler_is400MissingExport() {
        HttpResponse<String> deployed = host.deployScript("idle-js", "const x = 1;", "", "application/javascript");

        assertEquals(400, deployed.statusCode());
        assertEquals("missing_export", TestHost.errorCode(deployed));
    }

    @Test
    void request_scriptThrows_is500ScriptErrorWithTheMessageOnly() {
        host.deployScriptOrFail("fails-js", "export default { fetch() { throw new Error('boom'); } };", "");

        HttpResponse<String> response = host.get("/fails-js");

        assertEquals(500, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode body = TestHost.json(response);
        assertEquals("script_error", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("Error: boom"), response.body());
        assertFalse(response.body().contains("at fetch"), "no stack in the body: " + response.body());
        assertEquals(response.headers().firstValue("x-request-id").orElseThrow(), body.path("requestId").asText());
    }

    @Test
    void list_namesEachFunctionsKind() {
        host.deployScriptOrFail("listed-js", HELLO, "");
        host.deployOrFail("listed-wasm", TestHost.sample("hello"), "");

        JsonNode functions = TestHost.json(host.admin("GET", "/functions")).path("functions");
        for (JsonNode function : functions) {
            if (function.path("name").asText().equals("listed-js")) {
                assertEquals("javascript", function.path("kind").asText());
            } else if (function.path("name").asText().equals("listed-wasm")) {
                assertEquals("wasm", function.path("kind").asText());
            }
        }
    }

    @Test
    void restart_storedScript_isServedAgainAsAScript(@TempDir Path dataDir) throws IOException {
        String sha;
        try (TestHost first = TestHost.start(dataDir)) {
            sha = TestHost.json(first.deployScript("kept-js", HELLO, "config.name=again", "application/javascript")).path("sha256").asText();
        }
        assertEquals(HELLO, Files.readString(dataDir.resolve("modules/" + sha + ".js")));
        assertTrue(Files.readString(dataDir.resolve("functions/kept-js.json")).contains("\"kind\":\"javascript\""));

        try (TestHost again = TestHost.start(dataDir)) {
            assertEquals("hi again", again.get("/kept-js").body());
            assertEquals("javascript", TestHost.json(again.admin("GET", "/functions/kept-js")).path("kind").asText());
            again.admin("DELETE", "/functions/kept-js");
        }
        assertFalse(Files.exists(dataDir.resolve("modules/" + sha + ".js")), "an unreferenced script is removed");
    }
}

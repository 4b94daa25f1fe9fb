package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.host.Engine;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP: deploys, replaces, lists, describes, removes, and refuses. */
class AdminApiTest {
    private TestHost host;

    @BeforeEach
    void startHost() {
        host = TestHost.start(null, builder -> builder.maxModuleBytes(64 << 10));
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void deploy_newName_isCreatedAndServed() {
        HttpResponse<String> response = host.deploy("greet", TestHost.sample("hello"), "");

        assertEquals(201, response.statusCode());
        JsonNode body = TestHost.json(response);
        assertEquals("greet", body.path("name").asText());
        assertEquals(TestHost.sample("hello").length, body.path("size").asInt());
        assertTrue(body.path("sha256").asText().matches("[0-9a-f]{64}"));
        assertEquals("compiler", body.path("engine").asText());
        assertEquals(2048, body.path("limits").path("memory-pages").asInt());
        assertEquals(List.of("memory", "handle"), texts(body.path("exports")));
        assertEquals(List.of("edge.resp_set_header", "edge.resp_write"), texts(body.path("imports")));
        assertEquals("Hello from the edge!\n", host.get("/greet").body());
    }

    @Test
    void deploy_existingName_isReplaced() {
        host.deployOrFail("fn", TestHost.sample("hello"), "");

        HttpResponse<String> response = host.deploy("fn", TestHost.sample("counter"), "");

        assertEquals(200, response.statusCode());
        assertEquals("42,42", host.get("/fn").body());
    }

    @Test
    void deploy_limitsEngineAndConfig_areApplied() {
        HttpResponse<String> response =
                host.deploy(
                        "cfg",
                        TestHost.sample("config"),
                        "memory-pages=16&timeout-ms=250&max-request-body=5&engine=interpreter&config.greeting=hi");

        JsonNode body = TestHost.json(response);
        assertEquals(16, body.path("limits").path("memory-pages").asInt());
        assertEquals(250, body.path("limits").path("timeout-ms").asInt());
        assertEquals(5, body.path("limits").path("max-request-body").asInt());
        assertEquals("interpreter", body.path("engine").asText());
        assertEquals("hi", body.path("config").path("greeting").asText());
        assertEquals("hi", host.get("/cfg").body());
    }

    @Test
    void deploy_withoutSettings_takesTheHostsDefaultEngineAndFetchPolicy() {
        try (TestHost custom = TestHost.start(null, builder -> builder
                .defaultEngine(Engine.INTERPRETER)
                .defaultFetchAllowList(List.of("https://api.example.com")))) {
            JsonNode defaults = TestHost.json(custom.deploy("fn", TestHost.sample("hello"), ""));
            JsonNode own = TestHost.json(custom.deploy("own", TestHost.sample("hello"), "engine=compiler&fetch-allow=https://other.example.com"));

            assertEquals("interpreter", defaults.path("engine").asText());
            assertEquals("[\"https://api.example.com\"]", defaults.path("fetchAllow").toString());
            assertEquals("compiler", own.path("engine").asText());
            assertEquals("[\"https://other.example.com\"]", own.path("fetchAllow").toString());
            assertEquals("Hello from the edge!\n", custom.get("/fn").body());
        }
    }

    @Test
    void deploy_malformedBytes_isInvalidModule() {
        assertRejected(host.deploy("bad", "not wasm at all".getBytes(StandardCharsets.UTF_8), ""), 400, "invalid_module");
    }

    @Test
    void deploy_truncatedModule_isInvalidModule() {
        byte[] hello = TestHost.sample("hello");
        assertRejected(host.deploy("bad", Arrays.copyOf(hello, hello.length - 7), ""), 400, "invalid_module");
    }

    @Test
    void deploy_invalidCode_isInvalidModule() {
        // handle leaves an i32 on the stack of a [] -> [] function: well-formed, but not valid.
        byte[] wasm = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
            0x03, 0x02, 0x01, 0x00,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x07, 0x13, 0x02, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x06, 'h', 'a', 'n', 'd', 'l', 'e', 0x00, 0x00,
            0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x0b
        };
        assertRejected(host.deploy("bad", wasm, ""), 400, "invalid_module");
    }

    @Test
    void deploy_duplicateExportNames_isInvalidModule() {
        // The parser accepts this module; only linking it shows that it is invalid.
        byte[] wasm = TestHost.wat("(module (memory (export \"memory\") 1) (func (export \"handle\")) (func (export \"x\")) (func (export \"y\")))");
        byte[] duplicate = new String(wasm, StandardCharsets.ISO_8859_1).replace("\u0001y", "\u0001x").getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(host.deploy("bad", duplicate, ""), 400, "invalid_module");
    }

    @Test
    void deploy_unknownImport_isNamedInTheError() {
        HttpResponse<String> response = host.deploy("bad", TestHost.sample("bad-import"), "");

        assertRejected(response, 400, "unknown_import");
        assertTrue(TestHost.json(response).path("message").asText().contains("edge.no_such_function"));
    }

    @Test
    void deploy_wasiFunctionTheHostDoesNotOffer_isUnknownImportNamingIt() {
        byte[] wasm =
                TestHost.wat(
                        "(module (import \"wasi_snapshot_preview1\" \"sock_open\" (func (param i32 i32 i32) (result i32)))"
                                + " (memory (export \"memory\") 1) (func (export \"handle\")))");

        HttpResponse<String> response = host.deploy("bad", wasm, "");

        assertRejected(response, 400, "unknown_import");
        String message = TestHost.json(response).path("message").asText();
        assertTrue(message.contains("wasi_snapshot_preview1.sock_open") && message.contains("WASI preview1"), message);
    }

    @Test
    void deploy_importWithWrongSignature_isUnknownImport() {
        byte[] wasm =
                TestHost.wat(
                        "(module (import \"edge\" \"resp_write\" (func (param i32) (result i32)))"
                                + " (memory (export \"memory\") 1) (func (export \"handle\")))");
        assertRejected(host.deploy("bad", wasm, ""), 400, "unknown_import");
    }

    @Test
    void deploy_importedMemory_isRefused() {
        byte[] wasm =
                TestHost.wat(
                        "(module (import \"edge\" \"memory\" (memory 1)) (export \"memory\" (memory 0))"
                                + " (func (export \"handle\")))");
        assertRejected(host.deploy("bad", wasm, ""), 400, "unknown_import");
    }

    @Test
    void deploy_noHandle_isMissingExport() {
        assertRejected(host.deploy("bad", TestHost.sample("no-handle"), ""), 400, "missing_export");
    }

    @Test
    void deploy_handleWithParameters_isMissingExport() {
        byte[] wasm = TestHost.wat("(module (memory (export \"memory\") 1) (func (export \"handle\") (param i32)))");
        assertRejected(host.deploy("bad", wasm, ""), 400, "missing_export");
    }

    @Test
    void deploy_noMemoryExport_isMissingExport() {
        byte[] wasm = TestHost.wat("(module (memory 1) (func (export \"handle\")))");
        assertRejected(host.deploy("bad", wasm, ""), 400, "missing_export");
    }

    @Test
    void deploy_initialMemoryOverTheCap_isMemoryTooLarge() {
        byte[] wasm = TestHost.wat("(module (memory (export \"memory\") 20) (func (export \"handle\")))");
        assertRejected(host.deploy("big", wasm, "memory-pages=10"), 400, "memory_too_large");
    }

    @Test
    void deploy_badName_isBadRequest() {
        assertRejected(host.deploy("Bad.Name", TestHost.sample("hello"), ""), 400, "bad_request");
    }

    @Test
    void deploy_unknownParameter_isBadRequest() {
        assertRejected(host.deploy("fn", TestHost.sample("hello"), "memory=5"), 400, "bad_request");
    }

    @Test
    void deploy_limitOutOfRange_isBadRequest() {
        assertRejected(host.deploy("fn", TestHost.sample("hello"), "memory-pages=0"), 400, "bad_request");
        assertRejected(host.deploy("fn", TestHost.sample("hello"), "timeout-ms=soon"), 400, "bad_request");
        assertRejected(host.deploy("fn", TestHost.sample("hello"), "engine=jit"), 400, "bad_request");
    }

    @Test
    void deploy_uploadOverTheLimit_isUploadTooLarge() {
        assertRejected(host.deploy("fn", new byte[(64 << 10) + 1], ""), 413, "upload_too_large");
    }

    @Test
    void deploy_rejectedModule_leavesTheEarlierVersionServing() {
        host.deployOrFail("fn", TestHost.sample("hello"), "");

        host.deploy("fn", TestHost.sample("bad-import"), "");

        assertEquals("Hello from the edge!\n", host.get("/fn").body());
    }

    @Test
    void list_showsEveryFunctionByName() {
        host.deployOrFail("b", TestHost.sample("hello"), "");
        host.deployOrFail("a", TestHost.sample("hello"), "");

        JsonNode functions = TestHost.json(host.admin("GET", "/functions")).path("functions");

        List<String> names = new ArrayList<>();
        functions.forEach(function -> names.add(function.path("name").asText()));
        assertEquals(List.of("a", "b"), names);
    }

    @Test
    void describe_unknownFunction_isNotFound() {
        assertRejected(host.admin("GET", "/functions/none"), 404, "not_found");
    }

    @Test
    void delete_removesTheFunction() {
        host.deployOrFail("fn", TestHost.sample("hello"), "");

        assertEquals(204, host.admin("DELETE", "/functions/fn").statusCode());
        assertEquals(404, host.get("/fn").statusCode());
        assertRejected(host.admin("DELETE", "/functions/fn"), 404, "not_found");
    }

    @Test
    void unsupportedMethod_isMethodNotAllowed() {
        assertRejected(host.admin("POST", "/functions/fn"), 405, "method_not_allowed");
    }

    @Test
    void unknownResource_isNotFound() {
        assertRejected(host.admin("GET", "/nothing"), 404, "not_found");
    }

    @Test
    void adminToken_requestsWithoutIt_areUnauthorized() {
        try (TestHost guarded = TestHost.start(null, builder -> builder.adminToken("s3cret"))) {
            assertRejected(guarded.admin("GET", "/functions"), 401, "unauthorized");
            HttpResponse<String> wrong =
                    guarded.send(
                            HttpRequest.newBuilder(guarded.adminUri("/functions"))
                                    .header("authorization", "Bearer nope")
                                    .build());
            assertRejected(wrong, 401, "unauthorized");
            HttpResponse<String> right =
                    guarded.send(
                            HttpRequest.newBuilder(guarded.adminUri("/functions"))
                                    .header("authorization", "Bearer s3cret")
                                    .build());
            assertEquals(200, right.statusCode());
        }
    }

    private static void assertRejected(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, TestHost.errorCode(response), response.body());
        assertTrue(!TestHost.json(response).path("message").asText().isEmpty());
        assertTrue(response.headers().firstValue("x-request-id").isPresent());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}

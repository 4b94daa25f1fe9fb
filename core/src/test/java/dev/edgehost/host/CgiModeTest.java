package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.HttpError;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** WASI commands served as CGI through {@link EdgeHost#handle}, without a server. */
class CgiModeTest {
    private static EdgeHost host;

    @BeforeAll
    static void startHost() {
        host = EdgeHost.builder().workers(2).build();
        host.deploy("cgi-hello", TestGuests.sample("cgi-hello"), FunctionSettings.defaults());
        host.deploy("cgi-echo", TestGuests.sample("cgi-echo"), FunctionSettings.builder().arg("first").arg("a b,c").build());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static EdgeResponse get(String url) {
        return host.handle(EdgeRequest.builder("GET", URI.create(url)).build());
    }

    private static String text(EdgeResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void deploy_startAndNoHandle_isCgi() {
        assertEquals(FunctionMode.CGI, host.function("cgi-hello").orElseThrow().mode());
        assertEquals(FunctionMode.AUTO, host.function("cgi-hello").orElseThrow().settings().mode());
    }

    @Test
    void deploy_handle_isAbi() {
        FunctionInfo info = host.deploy("abi-hello", TestGuests.sample("hello"), FunctionSettings.defaults());

        assertEquals(FunctionMode.ABI, info.mode());
    }

    @Test
    void handle_cgiHello_answersWhatItWrote() {
        EdgeResponse response = get("http://localhost/cgi-hello");

        assertEquals(200, response.status());
        assertEquals("text/plain; charset=utf-8", response.header("content-type"));
        assertEquals("Hello from a CGI program!\n", text(response));
        assertTrue(response.fuelUsed() > 0);
    }

    @Test
    void handle_cgiEcho_seesArgumentsEnvironmentAndBody() {
        EdgeResponse response =
                host.handle(EdgeRequest.builder("POST", URI.create("http://example.com:8443/cgi-echo/a%20b/c?x=1&y=%20"))
                        .requestId("request-0001")
                        .remoteAddress("192.0.2.7")
                        .protocol("HTTP/2.0")
                        .header("Content-Type", "text/plain")
                        .header("X-Many", "one")
                        .header("x-many", "two")
                        .header("User-Agent", "test/1")
                        .body("the body".getBytes(StandardCharsets.UTF_8))
                        .build());

        assertEquals(200, response.status());
        assertEquals(
                String.join("\n",
                        "arg cgi-echo",
                        "arg first",
                        "arg a b,c",
                        "env REQUEST_METHOD=POST",
                        "env PATH_INFO=/a b/c",
                        "env QUERY_STRING=x=1&y=%20",
                        "env CONTENT_TYPE=text/plain",
                        "env CONTENT_LENGTH=8",
                        "env SERVER_NAME=example.com",
                        "env SERVER_PORT=8443",
                        "env SERVER_PROTOCOL=HTTP/2.0",
                        "env SERVER_SOFTWARE=edge-host",
                        "env REMOTE_ADDR=192.0.2.7",
                        "env SCRIPT_NAME=/cgi-echo",
                        "env GATEWAY_INTERFACE=CGI/1.1",
                        "env HTTP_X_MANY=one, two",
                        "env HTTP_USER_AGENT=test/1",
                        // The host-owned request header with the client's address (ABI spec §4.6).
                        "env HTTP_X_EDGE_CLIENT_IP=192.0.2.7",
                        "env X_FULL_URL=http://example.com:8443/cgi-echo/a%20b/c?x=1&y=%20",
                        "env X_REQUEST_ID=request-0001",
                        "stdin the body",
                        ""),
                text(response));
    }

    @Test
    void handle_configEntries_followTheMetaVariables() {
        host.deploy("cgi-config", TestGuests.sample("cgi-echo"),
                FunctionSettings.builder().config("GREETING", "hi").config("REQUEST_METHOD", "forged").build());

        String body = text(get("http://localhost/cgi-config"));

        assertTrue(body.contains("env REQUEST_METHOD=GET\n"), body);
        assertTrue(body.endsWith("env GREETING=hi\nstdin \n"), body);
        assertTrue(!body.contains("forged"), body);
    }

    @Test
    void handle_nonZeroExit_isGuestExit() {
        host.deploy("cgi-exit", TestGuests.cgiProgram("Content-Type: text/plain\n\nlost", "", 3), FunctionSettings.defaults());

        GuestExitException failure = assertThrows(GuestExitException.class, () -> get("http://localhost/cgi-exit"));

        assertTrue(failure.getMessage().contains("3"), failure.getMessage());
    }

    @Test
    void handle_exitZero_sendsTheOutput() {
        host.deploy("cgi-exit-zero", TestGuests.cgiProgram("Status: 201\nContent-Type: text/plain\n\nkept", "", 0),
                FunctionSettings.defaults());

        EdgeResponse response = get("http://localhost/cgi-exit-zero");

        assertEquals(201, response.status());
        assertEquals("kept", text(response));
    }

    @Test
    void handle_plainOutput_isATextBody() {
        host.deploy("cgi-plain", TestGuests.cgiProgram("just text\n", ""), FunctionSettings.defaults());

        EdgeResponse response = get("http://localhost/cgi-plain");

        assertEquals(200, response.status());
        assertEquals("text/plain; charset=utf-8", response.header("content-type"));
        assertEquals("just text\n", text(response));
    }

    @Test
    void handle_plainOutputStrict_isInvalidCgiResponse() {
        host.deploy("cgi-plain-strict", TestGuests.cgiProgram("just text\n", ""),
                FunctionSettings.builder().cgiOutput(CgiOutput.STRICT).build());

        InvalidCgiResponseException failure =
                assertThrows(InvalidCgiResponseException.class, () -> get("http://localhost/cgi-plain-strict"));

        assertEquals(HttpError.INVALID_CGI_RESPONSE, failure.error());
        assertTrue(failure.getMessage().contains("line 1 is not a header field"), failure.getMessage());
    }

    @Test
    void handle_outputPastTheLimit_isInvalidCgiResponse() {
        FunctionLimits limits =
                FunctionLimits.builder().maxResponseBodyBytes(10).set(FunctionLimits.limit("max-response-header-bytes"), 30).build();
        host.deploy("cgi-big", TestGuests.cgiProgram("Content-Type: text/plain\n\n" + "x".repeat(100), ""),
                FunctionSettings.builder().limits(limits).build());

        InvalidCgiResponseException failure =
                assertThrows(InvalidCgiResponseException.class, () -> get("http://localhost/cgi-big"));

        assertTrue(failure.getMessage().contains("more than 40 bytes"), failure.getMessage());
    }

    @Test
    void handle_outputCutThenExitWithError_isInvalidCgiResponse() {
        FunctionLimits limits =
                FunctionLimits.builder().maxResponseBodyBytes(10).set(FunctionLimits.limit("max-response-header-bytes"), 30).build();
        host.deploy("cgi-big-exit", TestGuests.cgiProgram("Content-Type: text/plain\n\n" + "x".repeat(100), "", 1),
                FunctionSettings.builder().limits(limits).build());

        assertThrows(InvalidCgiResponseException.class, () -> get("http://localhost/cgi-big-exit"));
    }

    @Test
    void deploy_startAsAbi_isRefusedWithTheModeThatTakesIt() {
        ModuleRejectedException refused =
                assertThrows(ModuleRejectedException.class,
                        () -> host.deploy("as-abi", TestGuests.sample("cgi-hello"),
                                FunctionSettings.builder().mode(FunctionMode.ABI).build()));

        assertEquals(HttpError.MISSING_EXPORT, refused.error());
        assertEquals(
                "the module exports _start and no handle: deploy it with mode=cgi (a WASI command served as CGI),"
                        + " or export handle",
                refused.getMessage());
    }

    @Test
    void deploy_handleAsCgi_isRefused() {
        ModuleRejectedException refused =
                assertThrows(ModuleRejectedException.class,
                        () -> host.deploy("as-cgi", TestGuests.sample("hello"),
                                FunctionSettings.builder().mode(FunctionMode.CGI).build()));

        assertEquals(HttpError.MISSING_EXPORT, refused.error());
        assertTrue(refused.getMessage().contains("without mode=cgi"), refused.getMessage());
    }

    @Test
    void deploy_neitherEntryPoint_namesBoth() {
        ModuleRejectedException refused =
                assertThrows(ModuleRejectedException.class,
                        () -> host.deploy("neither", TestGuests.sample("no-handle"), FunctionSettings.defaults()));

        assertEquals(HttpError.MISSING_EXPORT, refused.error());
        assertTrue(refused.getMessage().contains("\"handle\"") && refused.getMessage().contains("\"_start\""),
                refused.getMessage());
    }

    @Test
    void deploy_cgiImportingResponseFunctions_isRefused() {
        byte[] wasm = TestGuests.wat(
                "(module (import \"edge\" \"resp_write\" (func (param i32 i32) (result i32)))"
                        + " (memory (export \"memory\") 1) (func (export \"_start\")))");

        ModuleRejectedException refused =
                assertThrows(ModuleRejectedException.class,
                        () -> host.deploy("cgi-resp", wasm, FunctionSettings.defaults()));

        assertEquals(HttpError.UNKNOWN_IMPORT, refused.error());
        assertTrue(refused.getMessage().contains("edge.resp_write"), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void handle_pooledAndFresh_useTheSameFuel(Engine engine) {
        FunctionSettings settings = FunctionSettings.builder().engine(engine).build();
        try (EdgeHost pooledHost = EdgeHost.builder().workers(1).build();
                EdgeHost freshHost = EdgeHost.builder().workers(1).pooling(false).build()) {
            pooledHost.deploy("cgi-echo", TestGuests.sample("cgi-echo"), settings);
            freshHost.deploy("cgi-echo", TestGuests.sample("cgi-echo"), settings);

            long fresh = fuel(freshHost);

            assertEquals(List.of(fresh, fresh, fresh), List.of(fuel(pooledHost), fuel(pooledHost), fuel(pooledHost)));
        }
    }

    private static long fuel(EdgeHost on) {
        return on.handle(EdgeRequest.builder("GET", URI.create("http://localhost/cgi-echo/p?q"))
                .requestId("fixed-request-id").build()).fuelUsed();
    }
}

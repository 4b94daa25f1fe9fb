package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.server.EdgeServer;
import dev.edgehost.testhost.PaddedModules;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code deploy}, {@code list} and {@code undeploy} commands and their flags against a real running host. */
class EdgeHostCliTest {
    private EdgeServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() {
        server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).adminToken("t0ken").build().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int run(String... args) {
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String admin() {
        return "http://127.0.0.1:" + server.adminPort();
    }

    private static Path sample(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream wasm = EdgeHostCliTest.class.getResourceAsStream("/samples/wat/" + name + ".wasm")) {
            Files.write(file, wasm.readAllBytes());
        }
        return file;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void deploy_withConfigAndLimits_isServed(@TempDir Path dir) throws Exception {
        int exit =
                run("deploy", "greeter", sample(dir, "config").toString(), "--admin", admin(), "--admin-token", "t0ken",
                        "--config", "greeting=from the cli", "--limit", "timeout-ms=2000", "--engine", "interpreter");

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith("deployed greeter ("), out.toString());
        assertTrue(out.toString().contains("interpreter"), out.toString());
        assertEquals("200 from the cli", get("/greeter"));
        assertEquals(2000, server.host().function("greeter").orElseThrow().settings().limits().timeout().toMillis());
    }

    @Test
    void deploy_json_printsTheHostsDescription(@TempDir Path dir) throws Exception {
        int exit =
                run("deploy", "greeter", sample(dir, "config").toString(), "--admin", admin(), "--admin-token", "t0ken",
                        "--limit", "timeout-ms=2000", "--json");

        assertEquals(0, exit, err.toString());
        JsonNode function = new ObjectMapper().readTree(out.toString());
        assertEquals("greeter", function.path("name").asText());
        assertEquals(2000, function.path("limits").path("timeout-ms").asLong());
    }

    @Test
    void deploy_again_saysReplaced(@TempDir Path dir) throws Exception {
        run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(0, run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken"));
        assertTrue(out.toString().contains("replaced fn ("), out.toString());
    }

    @Test
    void deploy_fetchAllowAndKvStore_areTheFunctionsSettings(@TempDir Path dir) throws Exception {
        int exit =
                run("deploy", "fn", sample(dir, "kv-counter").toString(), "--admin", admin(), "--admin-token", "t0ken",
                        "--fetch-allow", "https://api.example.com", "--fetch-allow", "http://127.0.0.1:9",
                        "--kv-store", "shared");

        assertEquals(0, exit, err.toString());
        FunctionSettings settings = server.host().function("fn").orElseThrow().settings();
        assertEquals(List.of("https://api.example.com", "http://127.0.0.1:9"), settings.fetchAllowList());
        assertEquals("shared", settings.kvStore());
        assertEquals("200 1", get("/fn"));
        assertEquals(0, run("kv", "get", "fn", "visits", "--admin", admin(), "--admin-token", "t0ken"), err.toString());
    }

    @Test
    void deploy_badFetchOrigin_isRefusedWithTheHostsMessage(@TempDir Path dir) throws Exception {
        int exit =
                run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken",
                        "--fetch-allow", "ftp://example.com");

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error: the admin API answered 400 bad_request: "), err.toString());
        assertTrue(err.toString().contains("ftp://example.com"), err.toString());
    }

    @Test
    void deploy_unknownEngine_isAUsageError(@TempDir Path dir) throws Exception {
        int exit = run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--engine", "jit");

        assertEquals(2, exit);
        assertTrue(err.toString().contains("compiler"), err.toString());
    }

    @Test
    void deploy_watFile_isRefusedBeforeUploadingWithAHint(@TempDir Path dir) throws Exception {
        Path wat = Files.writeString(dir.resolve("hello.wat"), ";; a comment\n(; and a block ;)\n  (module (func (export \"handle\")))\n");

        int exit = run("deploy", "fn", wat.toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(1, exit);
        assertTrue(err.toString().contains("WebAssembly text"), err.toString());
        assertTrue(err.toString().contains("wat2wasm " + wat), err.toString());
        assertTrue(server.host().function("fn").isEmpty(), "nothing was uploaded");
    }

    @Test
    void deploy_withModeArgsAndCgiOutput_isServedAsCgi(@TempDir Path dir) throws Exception {
        int exit =
                run("deploy", "echo", sample(dir, "cgi-echo").toString(), "--admin", admin(), "--admin-token", "t0ken",
                        "--mode", "cgi", "--arg", "first one", "--arg", "second,2", "--cgi-output", "strict", "--json");

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("\"mode\":\"cgi\""), out.toString());
        assertTrue(out.toString().contains("\"args\":[\"first one\",\"second,2\"]"), out.toString());
        assertTrue(out.toString().contains("\"cgiOutput\":\"strict\""), out.toString());
        assertTrue(get("/echo").startsWith("200 arg echo\narg first one\narg second,2\n"), get("/echo"));
    }

    @Test
    void deploy_startAsAbi_failsWithTheModeThatTakesIt(@TempDir Path dir) throws Exception {
        int exit = run("deploy", "fn", sample(dir, "cgi-hello").toString(), "--admin", admin(), "--admin-token", "t0ken",
                "--mode", "abi");

        assertEquals(1, exit);
        assertTrue(err.toString().contains("deploy it with mode=cgi"), err.toString());
    }

    @Test
    void deploy_javascriptFile_deploysAScript(@TempDir Path dir) throws Exception {
        for (String file : new String[] {"worker.js", "worker.mjs"}) {
            Path script = dir.resolve(file);
            Files.writeString(script, "export default { fetch: (request, env) => new Response('from ' + env.file) };");

            int exit = run("deploy", "script", script.toString(), "--admin", admin(), "--admin-token", "t0ken", "--config", "file=" + file);

            assertEquals(0, exit, err.toString());
            assertTrue(out.toString().contains(" script (javascript, "), out.toString());
            assertEquals("200 from " + file, get("/script"));
        }
    }

    @Test
    void deploy_javascriptFileAsJson_saysItsKindAndMode(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("worker.js"), "export default { fetch: () => new Response('js') };");

        int exit = run("deploy", "script", script.toString(), "--admin", admin(), "--admin-token", "t0ken", "--json");

        assertEquals(0, exit, err.toString());
        JsonNode function = new ObjectMapper().readTree(out.toString());
        assertEquals("javascript", function.path("kind").asText());
        assertEquals("abi", function.path("mode").asText());
    }

    @Test
    void list_kindsOfFunctions_areInTheKindColumn(@TempDir Path dir) throws Exception {
        run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken");
        run("deploy", "cgi", sample(dir, "cgi-hello").toString(), "--admin", admin(), "--admin-token", "t0ken");
        Path script = Files.writeString(dir.resolve("worker.js"), "export default { fetch: () => new Response('js') };");
        run("deploy", "js", script.toString(), "--admin", admin(), "--admin-token", "t0ken");
        out.getBuffer().setLength(0);

        assertEquals(0, run("list", "--admin", admin(), "--admin-token", "t0ken"), err.toString());

        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].matches("NAME +KIND +SIZE .*"), lines[0]);
        assertTrue(lines[1].matches("cgi +wasm/cgi .*"), lines[1]);
        assertTrue(lines[2].matches("fn +wasm .*"), lines[2]);
        assertTrue(lines[3].matches("js +javascript .*"), lines[3]);
    }

    @Test
    void listAndUndeploy_manageTheFunctions(@TempDir Path dir) throws Exception {
        run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(0, run("list", "--admin", admin(), "--admin-token", "t0ken"));
        String[] lines = out.toString().split("\n");
        assertTrue(lines[1].startsWith("NAME "), out.toString());
        assertTrue(lines[2].startsWith("fn "), out.toString());
        assertTrue(lines[2].contains("compiler") && lines[2].contains(" pages, fuel ") && lines[2].contains(" ms"), lines[2]);
        assertEquals(0, run("undeploy", "fn", "--admin", admin(), "--admin-token", "t0ken"));
        assertTrue(get("/fn").startsWith("404"));
    }

    @Test
    void list_json_printsTheHostsJson(@TempDir Path dir) throws Exception {
        run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken", "--fetch-allow", "https://example.com");
        out.getBuffer().setLength(0);

        assertEquals(0, run("list", "--json", "--admin", admin(), "--admin-token", "t0ken"));
        JsonNode functions = new ObjectMapper().readTree(out.toString()).path("functions");
        assertEquals("fn", functions.get(0).path("name").asText());
        assertEquals("https://example.com", functions.get(0).path("fetchAllow").get(0).asText());
    }

    @Test
    void list_noFunctions_saysSo() {
        assertEquals(0, run("list", "--admin", admin(), "--admin-token", "t0ken"));

        assertEquals("no functions deployed", out.toString().strip());
    }

    @Test
    void undeploy_unknownFunction_namesIt() {
        assertEquals(1, run("undeploy", "ghost", "--admin", admin(), "--admin-token", "t0ken"));

        assertEquals("error: the admin API answered 404 not_found: no function named \"ghost\"", err.toString().strip());
    }

    @Test
    void deploy_rejectedModule_failsWithTheHostsReason(@TempDir Path dir) throws Exception {
        int exit = run("deploy", "bad", sample(dir, "bad-import").toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(1, exit);
        assertTrue(err.toString().contains("unknown_import"), err.toString());
    }

    @Test
    void deploy_withoutToken_isUnauthorized(@TempDir Path dir) throws Exception {
        int exit = run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "");

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error: the admin API answered 401 unauthorized: the admin API needs a valid bearer token"), err.toString());
    }

    @Test
    void deploy_missingFile_failsClearly(@TempDir Path dir) {
        int exit = run("deploy", "fn", dir.resolve("none.wasm").toString(), "--admin", admin());

        assertEquals(1, exit);
        assertTrue(err.toString().contains("no such file"), err.toString());
    }

    @Test
    void serve_dataDirThatIsAFile_failsWithOneClearLine(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("edge-data"), "a file where the data dir should be");

        int exit = run("serve", "--port", "0", "--admin-port", "0", "--data-dir", notADirectory.toString());

        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("error: cannot create the data dir"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        assertEquals("a file where the data dir should be", Files.readString(notADirectory), "nothing was overwritten");
    }

    @Test
    void serve_dataDirAnotherHostHolds_failsWithOneLineNamingTheDirAndTheFlag(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("edge-data");
        try (EdgeServer first = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).dataDir(dataDir).build().start()) {
            int exit = run("serve", "--port", "0", "--admin-port", "0", "--data-dir", dataDir.toString());

            assertEquals(1, exit);
            assertTrue(err.toString().startsWith("error: the data dir " + dataDir + " is in use by another host (its kv.mv.db file is locked)"),
                    err.toString());
            assertTrue(err.toString().contains("--data-dir"), err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
            assertTrue(first.host().functions().isEmpty(), "the first host keeps its data dir and serves on");
        }
    }

    @Test
    void serve_connectionFlagsOutOfRange_areUsageErrors() {
        String[][] flags = {
            {"--read-timeout", "0"}, {"--idle-timeout", "0ms"}, {"--max-connections", "0"}, {"--max-connections-per-client", "-1"},
            {"--admin-allow-origin", "https://console.example.com/path"}, {"--read-timeout", "2m"}
        };
        for (String[] flag : flags) {
            err.getBuffer().setLength(0);

            int exit = run("serve", "--port", "0", "--admin-port", "0", flag[0], flag[1]);

            assertEquals(2, exit, String.join(" ", flag) + ": " + err);
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void deploy_hostDown_failsClearly(@TempDir Path dir) throws Exception {
        Path wasm = sample(dir, "hello");
        String stoppedAdmin = admin();
        server.close();

        int exit = run("deploy", "fn", wasm.toString(), "--admin", stoppedAdmin);

        assertEquals(1, exit);
        assertTrue(err.toString().contains("cannot reach the admin API"), err.toString());
    }

    @Test
    void deploy_moduleOverTwoMebibytes_isDeployed(@TempDir Path dir) throws Exception {
        Path wasm = Files.write(dir.resolve("big.wasm"), PaddedModules.ofSize(3 << 20));

        int exit = run("deploy", "big", wasm.toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(0, exit, err.toString());
        assertEquals("200 Hello from the edge!\n", get("/big"));
    }

    @Test
    void deploy_overTheUploadLimit_printsStatusCodeAndMessage(@TempDir Path dir) throws Exception {
        Path wasm = Files.write(dir.resolve("big.wasm"), PaddedModules.ofSize((1 << 20) + 1));
        try (EdgeServer small = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).maxModuleBytes(1 << 20).build().start()) {
            int exit = run("deploy", "big", wasm.toString(), "--admin", "http://127.0.0.1:" + small.adminPort());

            assertEquals(1, exit);
            assertTrue(
                    err.toString().startsWith("error: the admin API answered 413 upload_too_large: modules may be at most 1048576 bytes"),
                    err.toString());
        }
    }

    @Test
    void deploy_unknownLimit_isRejectedByTheHost(@TempDir Path dir) throws Exception {
        int exit =
                run("deploy", "fn", sample(dir, "hello").toString(), "--admin", admin(), "--admin-token", "t0ken",
                        "--limit", "speed=9");

        assertEquals(1, exit);
        assertTrue(err.toString().contains("bad_request"), err.toString());
    }

    @Test
    void deployFile_deploysEveryFunctionOfTheFileWithItsSettings(@TempDir Path dir) throws Exception {
        sample(dir, "hello");
        sample(dir, "config");
        Path file = Files.writeString(dir.resolve("edge-host.toml"), """
                port = 9999

                [[functions]]
                name = "first"
                module = "hello.wasm"

                [[functions]]
                name = "greeter"
                module = "config.wasm"
                config = { greeting = "from the file" }
                limits = { timeout-ms = 1500 }
                """);

        int exit = run("deploy", "-f", file.toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith("deployed first ("), out.toString());
        assertTrue(out.toString().contains("\ndeployed greeter ("), out.toString());
        assertEquals("200 Hello from the edge!\n", get("/first"));
        assertEquals("200 from the file", get("/greeter"));
    }

    @Test
    void deployFile_aBadEntry_deploysNone(@TempDir Path dir) throws Exception {
        sample(dir, "hello");
        Path file = Files.writeString(dir.resolve("edge-host.toml"),
                "[[functions]]\nname = \"first\"\nmodule = \"hello.wasm\"\n\n[[functions]]\nname = \"second\"\nmodule = \"missing.wasm\"\n");

        int exit = run("deploy", "-f", file.toString(), "--admin", admin(), "--admin-token", "t0ken");

        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("error: " + file + ":7:1: functions[1] (second): module: no such file: "), err.toString());
        assertEquals(404, Integer.parseInt(get("/first").substring(0, 3)));
    }

    @Test
    void deployFile_withDeployFlags_isRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("edge-host.toml"), "");

        assertEquals(2, run("deploy", "-f", file.toString(), "--fuel", "5", "--admin", admin()));
        assertEquals("error: -f takes each function's settings from the file; --fuel cannot go with it (put it in the function's table)\n",
                err.toString());
    }
}

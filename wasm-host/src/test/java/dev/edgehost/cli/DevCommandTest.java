package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.TestGuests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dev} as an author uses it: start it on modules, change them, break them, read what it prints. */
class DevCommandTest {
    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+) \\(admin API http://127\\.0\\.0\\.1:(\\d+)\\)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient client = HttpClient.newHttpClient();
    private Thread thread;
    private CompletableFuture<Integer> exit;
    private int port;
    private int adminPort;

    /** Starts {@code dev} on a thread of its own, as a user starts it in a terminal, and waits until it serves. */
    private void startDev(String... args) throws Exception {
        exit = new CompletableFuture<>();
        String[] all = new String[args.length + 5];
        all[0] = "dev";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--port", "0", "--admin-port", "0"}, 0, all, args.length + 1, 4);
        thread = new Thread(() -> {
            CommandLine commandLine = EdgeHostCli.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exit.complete(commandLine.execute(all));
        }, "dev-under-test");
        thread.start();
        await(() -> out.toString().contains("Ctrl-C stops") || exit.isDone(), 60_000, "dev did not start");
        Matcher serving = SERVING.matcher(out.toString());
        assertTrue(serving.find(), "out: " + out + "\nerr: " + err);
        port = Integer.parseInt(serving.group(1));
        adminPort = Integer.parseInt(serving.group(2));
    }

    /** Ctrl-C, as far as a thread goes. */
    private int stopDev() throws Exception {
        thread.interrupt();
        return exit.get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (thread != null && thread.isAlive()) {
            stopDev();
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static void await(BooleanSupplier condition, long millis, String failure) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }

    private static Path write(Path dir, String file, String sample) throws IOException {
        return Files.write(dir.resolve(file), TestGuests.sample(sample));
    }

    /** Writes a file as a compiler might: replaced through a temporary file, the new version in place at once. */
    private static void replace(Path file, byte[] content) throws IOException {
        Path next = Files.write(file.resolveSibling(file.getFileName() + ".tmp"), content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void dev_changedFile_isServedWithinTwoSeconds_andABrokenOneKeepsTheLastGoodVersion(@TempDir Path dir) throws Exception {
        Path hello = write(dir, "hello.wasm", "hello");
        startDev(dir.toString());
        assertTrue(Pattern.compile("\nhello +http://127\\.0\\.0\\.1:" + port + "/hello +" + Pattern.quote(hello.toString()) + "\n")
                .matcher(out.toString()).find(), out.toString());
        assertEquals("200 Hello from the edge!\n", get("/hello"));

        Files.write(hello, TestGuests.sample("echo"));
        long changed = System.nanoTime();
        await(() -> {
            try {
                return get("/hello/again").startsWith("200 GET\n");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, 10_000, "the new version was not served");
        long millis = (System.nanoTime() - changed) / 1_000_000;
        assertTrue(millis < 2_000, "served after " + millis + " ms");
        // The line is printed once the deploy returns, which may be after the new version served a request.
        await(() -> out.toString().contains("redeployed hello ("), 10_000, "no redeploy printed:\n" + out);

        Files.writeString(hello, "not a module at all");
        await(() -> out.toString().contains("does not deploy"), 10_000, "no error printed:\n" + out);
        assertTrue(out.toString().contains("hello: " + hello + " does not deploy: not a valid Wasm module: "), out.toString());
        assertTrue(out.toString().contains("; still serving the previous version"), out.toString());
        assertTrue(get("/hello/still").startsWith("200 GET\n"), "the last good version serves");

        replace(hello, TestGuests.sample("hello"));
        await(() -> {
            try {
                return get("/hello").equals("200 Hello from the edge!\n");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, 10_000, "the fixed version was not served");
    }

    @Test
    void dev_printsEachRequestWithItsLogLinesBeneath(@TempDir Path dir) throws Exception {
        write(dir, "wasi.wasm", "wasi");
        startDev(dir.resolve("wasi.wasm").toString());

        get("/wasi/some/path?q=1");

        await(() -> out.toString().contains("info  hello from log"), 10_000, "no log lines:\n" + out);
        String printed = out.toString();
        int request = printed.indexOf("GET /wasi/some/path  200  ");
        assertTrue(request > 0, printed);
        assertTrue(printed.indexOf("    info  hello from stdout", request) > request, printed);
        assertTrue(printed.indexOf("    warn  hello from stderr", request) > request, printed);
        assertTrue(printed.matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  GET /wasi/some/path  200  \\d+\\.\\d ms  fuel \\d+\n.*"), printed);
    }

    @Test
    void dev_failedRequest_printsTheErrorWithTheTrapsPlace(@TempDir Path dir) throws Exception {
        write(dir, "trap.wasm", "trap");
        startDev(dir.toString());

        assertTrue(get("/trap").startsWith("500 "));

        await(() -> out.toString().contains("GET /trap  500 trap"), 10_000, "no request line:\n" + out);
        assertTrue(out.toString().contains("    the guest trapped: "), out.toString());
    }

    @Test
    void dev_directory_servesEveryModule_andOnesThatAppearLater(@TempDir Path dir) throws Exception {
        write(dir, "hello.wasm", "hello");
        write(dir, "echo.wasm", "echo");
        Files.writeString(dir.resolve("notes.txt"), "not served");
        startDev(dir.toString());
        assertEquals("200 Hello from the edge!\n", get("/hello"));
        assertTrue(get("/echo").startsWith("200 GET\n"));
        assertTrue(get("/notes").startsWith("404"));

        write(dir, "Status Check.wasm", "status");

        await(() -> out.toString().contains("serving status-check at http://127.0.0.1:" + port + "/status-check"), 10_000, out.toString());
        assertTrue(get("/status-check").startsWith("2"), "served");
    }

    @Test
    void dev_deployFlags_applyToEveryFunction(@TempDir Path dir) throws Exception {
        write(dir, "greeter.wasm", "config");
        write(dir, "loop.wasm", "loop");
        startDev(dir.toString(), "--config", "greeting=hi from dev", "--fuel", "1000", "--engine", "interpreter");

        assertEquals("200 hi from dev", get("/greeter"));
        assertTrue(get("/loop").startsWith("503 "), "the fuel flag is the function's limit");
    }

    @Test
    void dev_adminApi_isTheRunningHosts(@TempDir Path dir) throws Exception {
        write(dir, "counter.wasm", "kv-counter");
        startDev(dir.toString());
        get("/counter");
        StringWriter kvOut = new StringWriter();
        CommandLine kv = EdgeHostCli.commandLine();
        kv.setOut(new PrintWriter(kvOut, true));

        assertEquals(0, kv.execute("kv", "get", "counter", "visits", "--admin", "http://127.0.0.1:" + adminPort));
        assertEquals("1", kvOut.toString().strip());
    }

    @Test
    void dev_stop_closesTheServerAndRemovesItsTemporaryData(@TempDir Path dir) throws Exception {
        write(dir, "hello.wasm", "hello");
        startDev(dir.toString());

        assertEquals(0, stopDev(), err.toString());

        assertTrue(out.toString().contains("edge-host dev: stopped"), out.toString());
        try {
            get("/hello");
            throw new AssertionError("still serving");
        } catch (IOException expected) {
            // Nothing listens any more.
        }
    }

    @Test
    void dev_emptyDirectory_waitsForModules(@TempDir Path dir) throws Exception {
        startDev(dir.toString());
        assertTrue(out.toString().contains("no functions yet: watching"), out.toString());

        write(dir, "hello.wasm", "hello");

        await(() -> out.toString().contains("serving hello at"), 10_000, out.toString());
        assertEquals("200 Hello from the edge!\n", get("/hello"));
    }

    @Test
    void dev_watFile_saysToCompileIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("text.wasm"), "(module (func (export \"handle\")))", StandardCharsets.UTF_8);
        startDev(dir.toString());

        assertTrue(out.toString().contains("text: " + dir.resolve("text.wasm") + " does not deploy: it holds WebAssembly text, not a binary module: compile the text with `wat2wasm SOURCE.wat -o "), out.toString());
    }

    @Test
    void dev_missingPath_orClashingNames_failClearly(@TempDir Path dir) throws Exception {
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertEquals(1, commandLine.execute("dev", dir.resolve("none.wasm").toString()));
        assertTrue(err.toString().contains("no such file or directory"), err.toString());

        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        write(dir.resolve("a"), "hello.wasm", "hello");
        write(dir.resolve("b"), "hello.wasm", "hello");
        assertEquals(1, commandLine.execute("dev", dir.resolve("a").toString(), dir.resolve("b").toString()));
        assertTrue(err.toString().contains("would be served as /hello"), err.toString());
    }

    @Test
    void dev_script_isServedAsJavaScript_redeployedOnChange_andABrokenOneKeepsTheLastGoodVersion(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("greet.js"),
                "export default { async fetch() { return new Response('first'); } };\n");
        startDev(dir.toString());
        assertEquals("200 first", get("/greet"));

        replace(script, "export default { async fetch() { return new Response('second'); } };\n".getBytes(StandardCharsets.UTF_8));
        await(() -> {
            try {
                return get("/greet").equals("200 second");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, 10_000, "the new script was not served");

        replace(script, "export default { async fetch( {\n".getBytes(StandardCharsets.UTF_8));
        await(() -> out.toString().contains("greet: " + script + " does not deploy: "), 10_000, "no error printed:\n" + out);
        assertEquals("200 second", get("/greet"), "the last good script serves");
    }
}

package dev.edgehost.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The conformance command against a real host, as a user runs it from the jar. */
class ConformanceCliTest {
    private static EdgeServer server;

    @BeforeAll
    static void startHost() {
        server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).build().start();
    }

    @AfterAll
    static void stopHost() {
        server.close();
    }

    private record Run(int exitCode, List<String> lines) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new ConformanceCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exitCode, (out.toString() + err).lines().toList());
    }

    private static String[] against(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--host", "http://127.0.0.1:" + server.port(), "--admin", "http://127.0.0.1:" + server.adminPort()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void bundledCases_filteredByGlob_printATableAndTheSummary() {
        Run run = run(against("--case", "req-method-*"));

        assertEquals(0, run.exitCode(), run.lines()::toString);
        assertEquals(List.of("pass  req-method-custom", "pass  req-method-get", "2 passed, 0 failed"),
                run.lines().stream().map(String::stripTrailing).toList());
    }

    @Test
    void bundledCases_filteredBySubstring_runEveryMatch() {
        Run run = run(against("--case", "upload-missing"));

        assertEquals(0, run.exitCode(), run.lines()::toString);
        assertEquals("2 passed, 0 failed", run.lines().get(run.lines().size() - 1));
    }

    @Test
    void failingCase_isReportedWithItsReasonAndExitsWithOne(@TempDir Path cases) throws IOException {
        Path bundled = Path.of("cases", "req-method-get");
        Path wrong = Files.createDirectories(cases.resolve("wrong-method"));
        Files.copy(bundled.resolve("guest.wasm"), wrong.resolve("guest.wasm"));
        Files.writeString(wrong.resolve("manifest.json"),
                Files.readString(bundled.resolve("manifest.json")).replace("\"body\": \"GET\"", "\"body\": \"POST\""));

        Run run = run(against("--cases", cases.toString()));

        assertEquals(1, run.exitCode(), run.lines()::toString);
        assertTrue(run.lines().get(0).startsWith("FAIL  wrong-method  request 1: body differs"), run.lines()::toString);
        assertEquals("0 passed, 1 failed", run.lines().get(1));
    }

    @Test
    void noCaseMatches_isAUsageError() {
        Run run = run(against("--case", "no-such-case"));

        assertEquals(2, run.exitCode());
        assertTrue(run.lines().stream().anyMatch(line -> line.contains("no case matches")), run.lines()::toString);
    }

    @Test
    void noTarget_isAUsageError() {
        assertEquals(2, run().exitCode());
        assertEquals(2, run("--host", "http://127.0.0.1:1").exitCode());
    }

    @Test
    void spec_runsTheWastFilesOfAFolderAndPrintsTheCounts(@TempDir Path suite) throws IOException {
        Files.writeString(suite.resolve("tiny.wast"),
                "(module (func (export \"one\") (result i32) (i32.const 1)))\n"
                        + "(assert_return (invoke \"one\") (i32.const 1))\n"
                        + "(assert_trap (module (func $f unreachable) (start $f)) \"unreachable\")\n");

        Run run = run("--spec", suite.toString());

        assertEquals(0, run.exitCode(), run.lines()::toString);
        assertEquals("pass  tiny.wast", run.lines().get(0));
        assertTrue(run.lines().stream().anyMatch(line -> line.contains("passed")), run.lines()::toString);
    }
}

package dev.edgehost.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecRunnerTest {
    private static final String PASSING = String.join("\n",
            "(module $lib",
            "  (global (export \"g\") i32 (i32.const 7))",
            "  (func (export \"twice\") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))",
            "(register \"lib\" $lib)",
            "(module",
            "  (import \"lib\" \"twice\" (func $twice (param i32) (result i32)))",
            "  (import \"spectest\" \"global_i32\" (global $g i32))",
            "  (import \"spectest\" \"print_i32\" (func $print (param i32)))",
            "  (func (export \"quad\") (param i32) (result i32) (call $twice (call $twice (local.get 0))))",
            "  (func (export \"spectest\") (result i32) (call $print (global.get $g)) (global.get $g))",
            "  (func (export \"nan\") (param f32) (result f32) (f32.add (local.get 0) (f32.const 1)))",
            "  (func (export \"div\") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))",
            "  (func $loop (export \"recurse\") (call $loop)))",
            "(assert_return (invoke \"quad\" (i32.const 3)) (i32.const 12))",
            "(assert_return (invoke \"spectest\") (i32.const 666))",
            "(assert_return (invoke $lib \"twice\" (i32.const -1)) (i32.const -2))",
            "(assert_return (get $lib \"g\") (i32.const 7))",
            "(assert_return (invoke \"nan\" (f32.const nan:0x200000)) (f32.const nan:arithmetic))",
            "(assert_trap (invoke \"div\" (i32.const 0)) \"integer divide by zero\")",
            "(assert_exhaustion (invoke \"recurse\") \"call stack exhausted\")",
            "(assert_unlinkable (module (import \"lib\" \"missing\" (func))) \"unknown import\")",
            "(assert_invalid (module (func (result i32) (i64.const 1))) \"type mismatch\")",
            "(assert_malformed (module quote \"(func (i32.const))\") \"unexpected token\")",
            "");

    @TempDir
    Path dir;

    @Test
    void run_passesEveryCommandInEveryConfiguration() throws IOException {
        FileResult result = run("passing.wast", PASSING, "");

        assertTrue(result.passed(), () -> result.describeMismatches(10));
        assertEquals(new Counts(13, 13, 0), result.counts().get(SpecConfiguration.ALL.get(0)));
        assertEquals(new Counts(11, 11, 0), result.counts().get(SpecConfiguration.ALL.get(1)));
    }

    @Test
    void run_reportsEveryWrongExpectationWithItsLine() throws IOException {
        String wast = String.join("\n",
                "(module (func (export \"one\") (result i32) (i32.const 1)))",
                "(assert_return (invoke \"one\") (i32.const 2))",
                "(assert_trap (invoke \"one\") \"unreachable\")",
                "(assert_invalid (module (func (result i32) (i32.const 1))) \"type mismatch\")",
                "");

        FileResult result = run("wrong.wast", wast, "");

        List<String> wrong = result.mismatches().stream()
                .map(mismatch -> mismatch.line() + " " + mismatch.configuration())
                .collect(Collectors.toList());
        assertEquals(List.of(
                "2 interpreter", "3 interpreter", "4 interpreter",
                "2 interpreter+fuel", "3 interpreter+fuel",
                "2 compiler", "3 compiler", "4 compiler",
                "2 compiler+fuel", "3 compiler+fuel"), wrong);
    }

    @Test
    void run_skipsExcludedCommandsAndReportsStaleExclusions() throws IOException {
        String wast = String.join("\n",
                "(module (func (export \"one\") (result i32) (i32.const 1)))",
                "(assert_return (invoke \"one\") (i32.const 2))",
                "");

        String exclusions = "excluded.wast:2  wrong on purpose\nexcluded.wast:9  no such line";

        FileResult result = run("excluded.wast", wast, exclusions);

        assertEquals(new Counts(1, 1, 1), result.counts().get(SpecConfiguration.ALL.get(0)));
        assertEquals(1, result.mismatches().size());
        assertEquals(9, result.mismatches().get(0).line());
    }

    @Test
    void run_countsTheCommandsOfAnExcludedFileWithoutRunningThem() throws IOException {
        FileResult result = run("passing.wast", PASSING, "passing.wast  not today");

        assertTrue(result.passed());
        assertEquals(new Counts(0, 0, 13), result.counts().get(SpecConfiguration.ALL.get(0)));
        assertEquals(new Counts(0, 0, 11), result.counts().get(SpecConfiguration.ALL.get(1)));
    }

    private FileResult run(String name, String wast, String exclusions) throws IOException {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        Files.writeString(suite.resolve(name), wast);
        SpecExclusions excluded = SpecExclusions.parse(exclusions.lines().collect(Collectors.toList()));
        PrintStream printed = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        return new SpecRunner(suite, dir.resolve("work"), excluded, printed).run(suite.resolve(name));
    }
}

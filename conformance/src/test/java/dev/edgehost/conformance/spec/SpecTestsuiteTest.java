package dev.edgehost.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the WebAssembly core spec testsuite in the four configurations (interpreter and compiler,
 * each on the original and the fuel-metered modules), one test per {@code .wast} file, and prints
 * the counts. Skipped when the suite is not where {@code edge.spec.testsuite} points.
 */
class SpecTestsuiteTest {
    private static final SpecReport REPORT = new SpecReport();
    private static final int MISMATCHES_SHOWN = 20;

    @TestFactory
    Stream<DynamicTest> wastFile_behavesAsSpecifiedInEveryConfiguration() throws IOException {
        Path suite = suiteDir();
        PrintStream printed = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        SpecRunner runner = new SpecRunner(suite, workDir(), SpecExclusions.load(), printed);
        return runner.wastFiles().stream().map(wast -> DynamicTest.dynamicTest(wast.getFileName().toString(), () -> {
            FileResult result = runner.run(wast);
            REPORT.add(result);
            assertTrue(result.passed(), () -> result.describeMismatches(MISMATCHES_SHOWN));
        }));
    }

    @Test
    void exclusions_nameFilesOfTheSuite() throws IOException {
        Path suite = suiteDir();
        List<String> missing = SpecExclusions.load().all().stream()
                .filter(exclusion -> !Files.isRegularFile(suite.resolve(exclusion.wast())))
                .map(SpecExclusions.Exclusion::name)
                .collect(Collectors.toList());
        assertTrue(missing.isEmpty(), () -> "exclusions name files that are not in " + suite + ": " + missing);
    }

    @AfterAll
    static void printCounts() throws IOException {
        if (REPORT.files() == 0) {
            return;
        }
        String summary = REPORT.summary();
        System.out.println(summary);
        Path work = workDir();
        Files.createDirectories(work);
        Files.writeString(work.resolve("summary.txt"), summary);
        String mismatches = REPORT.mismatches().stream().map(Mismatch::toString).collect(Collectors.joining("\n"));
        Files.writeString(work.resolve("mismatches.txt"), mismatches.isEmpty() ? "" : mismatches + "\n");
    }

    private static Path suiteDir() {
        String configured = System.getProperty("edge.spec.testsuite", "../../shared/wasm-spec-testsuite");
        Path suite = Path.of(configured).toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(suite), () -> "WebAssembly spec testsuite not found at " + suite
                + "; point -Dedge.spec.testsuite=DIR at a folder of .wast files to run it");
        return suite;
    }

    private static Path workDir() {
        return Path.of(System.getProperty("edge.spec.work", "target/spec-testsuite"));
    }
}

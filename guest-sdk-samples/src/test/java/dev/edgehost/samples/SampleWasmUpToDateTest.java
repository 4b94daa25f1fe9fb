package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every committed {@code wat/*.wasm} is what {@code wat2wasm} makes of the {@code .wat} beside it.
 *
 * <p>The sources are compiled with Chicory's port of WABT's {@code wat2wasm} (WABT compiled to
 * Wasm and run on the JVM), so the check needs no native tooling. Its output is compared
 * byte-for-byte: WABT writes the same binary for these sources in the version Chicory ships
 * (1.0.35) as in the native {@code wat2wasm} that {@code build.sh} runs (checked with 1.0.32), and
 * the samples are built without debug names, so there is no version-dependent content to allow
 * for.
 */
class SampleWasmUpToDateTest {
    /** Maven runs the tests of a module with the module directory as working directory. */
    private static final Path SAMPLES = Path.of("wat");

    private static final String WAT = ".wat";
    private static final String WASM = ".wasm";

    @TestFactory
    Stream<DynamicTest> watSource_compilesToCommittedWasm() throws IOException {
        Set<String> samples = samples(WAT);
        assertFalse(samples.isEmpty(), () -> "no *" + WAT + " in " + SAMPLES.toAbsolutePath());
        return samples.stream().map(name -> dynamicTest(name + WAT, () -> assertUpToDate(name)));
    }

    @Test
    void samples_comeAsWatAndWasmPairs() throws IOException {
        assertEquals(samples(WAT), samples(WASM), "every wat/NAME.wat needs a committed wat/NAME.wasm and vice versa");
    }

    private static void assertUpToDate(String name) throws IOException {
        Path wat = SAMPLES.resolve(name + WAT);
        Path wasm = SAMPLES.resolve(name + WASM);
        assertTrue(Files.isRegularFile(wasm), () -> wasm + " is missing; " + rebuildHint());
        byte[] compiled =
                assertDoesNotThrow(
                        () -> Wat2Wasm.parse(wat.toFile()),
                        () -> "wat2wasm rejects " + wat + "; run WABT's wat2wasm on it to see why");
        assertArrayEquals(
                Files.readAllBytes(wasm),
                compiled,
                () -> wasm + " is not what wat2wasm makes of " + wat + "; " + rebuildHint());
    }

    private static String rebuildHint() {
        return "rebuild the samples with guest-sdk-samples/build.sh (needs WABT's wat2wasm on the PATH)"
                + " and commit each .wasm together with its .wat";
    }

    /** The base names of the files in {@link #SAMPLES} that end in {@code extension}. */
    private static Set<String> samples(String extension) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(extension))
                    .forEach(file -> names.add(file.substring(0, file.length() - extension.length())));
        }
        return names;
    }
}

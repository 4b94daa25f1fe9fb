package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bundled.txt}, the index of the samples the host jar bundles and deploys on its defaults.
 * It is read the way the host reads it: one sample a line (name, path of the module, optional
 * settings), blank lines and lines starting with {@code #} ignored.
 */
class BundledSamplesTest {
    private static final Path INDEX = Path.of("bundled.txt");

    /** Samples that exist to be rejected at upload, which a host must not try to deploy. */
    private static final List<String> REJECTED_AT_UPLOAD = List.of("bad-import", "no-handle");

    private static List<String[]> entries;
    private static List<String> bundled;

    @BeforeAll
    static void readIndex() throws IOException {
        entries =
                Files.readAllLines(INDEX, StandardCharsets.UTF_8).stream()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(line -> line.split("\\s+"))
                        .toList();
        bundled = entries.stream().map(fields -> fields[0]).toList();
    }

    @Test
    void indexLines_haveANameAPathAndAtMostSettings() {
        assertAll(
                entries.stream()
                        .map(fields -> () -> assertTrue(
                                fields.length == 2 || fields.length == 3,
                                () -> INDEX + " has a malformed line: " + String.join(" ", fields))));
    }

    @Test
    void bundledNames_areUnique() {
        assertFalse(bundled.isEmpty(), () -> INDEX + " lists no samples");
        assertEquals(bundled.size(), Set.copyOf(bundled).size(), () -> INDEX + " lists a sample twice: " + bundled);
    }

    @Test
    void bundledNames_haveCommittedWasm() {
        assertAll(
                entries.stream()
                        .map(fields -> Path.of(fields[1]))
                        .map(wasm -> () -> assertTrue(Files.isRegularFile(wasm), () -> INDEX + " lists " + wasm + ", which does not exist")));
    }

    @Test
    void rejectedSamples_areNotBundled() {
        assertAll(
                REJECTED_AT_UPLOAD.stream()
                        .map(name -> () -> {
                            Path wasm = Path.of("wat", name + ".wasm");
                            assertTrue(Files.isRegularFile(wasm), () -> wasm + " should exist");
                            assertFalse(bundled.contains(name), () -> INDEX + " must not list " + name);
                        }));
    }
}

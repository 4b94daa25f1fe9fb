package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every committed {@code LANGUAGE/NAME/NAME.wasm} is what {@code LANGUAGE/build.sh} makes of the
 * sources today, for each compiled language. The builds are deterministic (no debug information,
 * names or paths in the output), so the check compares bytes. Each needs its toolchain and is
 * skipped without it.
 */
class CompiledSampleWasmUpToDateTest {
    /** What {@code build.sh} exits with when the toolchain is missing. */
    private static final int NO_TOOLCHAIN = 3;

    @ParameterizedTest
    @ValueSource(strings = {"c", "rust", "assemblyscript"})
    void committedWasm_isWhatTheSourcesBuildTo(String language, @TempDir Path out) throws IOException, InterruptedException {
        Path root = Path.of(language);
        Process build =
                new ProcessBuilder("bash", root.resolve("build.sh").toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError(language + "/build.sh did not finish in 5 minutes:\n" + output);
        }
        Assumptions.assumeFalse(
                build.exitValue() == NO_TOOLCHAIN,
                () -> "skipped: the " + language + " toolchain is needed to rebuild its samples (see " + language + "/build.sh)\n" + output);
        assertEquals(0, build.exitValue(), () -> language + "/build.sh failed:\n" + output);

        Set<String> committed = samples(root);
        assertFalse(committed.isEmpty(), () -> "no " + language + " sample has a committed .wasm");
        assertEquals(samples(out), committed, () -> "every " + language + " sample needs a committed NAME/NAME.wasm and vice versa");
        for (String name : committed) {
            Path wasm = root.resolve(name).resolve(name + ".wasm");
            assertArrayEquals(
                    Files.readAllBytes(out.resolve(name).resolve(name + ".wasm")),
                    Files.readAllBytes(wasm),
                    () -> wasm + " is not what its sources build to; run guest-sdk-samples/" + language + "/build.sh and commit it");
        }
    }

    /**
     * The WASI programs: {@code wasi/build.sh} skips each program whose toolchain is missing (C,
     * Rust, or npm for SQLite) and builds the others, so every program it built is compared.
     */
    @Test
    void committedWasiPrograms_areWhatTheirSourcesBuildTo(@TempDir Path out) throws IOException, InterruptedException {
        Path root = Path.of("wasi");
        Process build =
                new ProcessBuilder("bash", root.resolve("build.sh").toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("wasi/build.sh did not finish in 10 minutes:\n" + output);
        }
        assertEquals(0, build.exitValue(), () -> "wasi/build.sh failed:\n" + output);
        Set<String> built = samples(out);
        Assumptions.assumeFalse(built.isEmpty(), () -> "skipped: no toolchain for the WASI programs\n" + output);
        Set<String> committed = samples(root);
        for (String name : built) {
            Path wasm = root.resolve(name).resolve(name + ".wasm");
            assertTrue(committed.contains(name), () -> wasm + " is built but not committed");
            assertArrayEquals(
                    Files.readAllBytes(out.resolve(name).resolve(name + ".wasm")),
                    Files.readAllBytes(wasm),
                    () -> wasm + " is not what its sources build to; run guest-sdk-samples/wasi/build.sh and commit it");
        }
    }

    /** The names of the samples below {@code root} that have a {@code NAME/NAME.wasm}. */
    private static Set<String> samples(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(dir -> Files.isRegularFile(dir.resolve(dir.getFileName() + ".wasm")))
                    .forEach(dir -> names.add(dir.getFileName().toString()));
        }
        return names;
    }
}

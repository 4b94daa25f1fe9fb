package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/**
 * Every committed {@code c/NAME/NAME.wasm} is what {@code c/build.sh} makes of the sources today.
 * The build is deterministic (no debug information, names or paths in the output), so the check
 * compares bytes. It needs clang and wasi-libc and is skipped without them.
 */
class CSampleWasmUpToDateTest {
    private static final Path C = Path.of("c");
    /** What {@code build.sh} exits with when the toolchain is missing. */
    private static final int NO_TOOLCHAIN = 3;

    @Test
    void committedWasm_isWhatTheSourcesBuildTo(@TempDir Path out) throws IOException, InterruptedException {
        Process build =
                new ProcessBuilder("bash", C.resolve("build.sh").toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("c/build.sh did not finish in 5 minutes:\n" + output);
        }
        Assumptions.assumeFalse(
                build.exitValue() == NO_TOOLCHAIN,
                () -> "skipped: clang with wasm32-wasi and wasi-libc is needed to rebuild the C samples\n" + output);
        assertEquals(0, build.exitValue(), () -> "c/build.sh failed:\n" + output);

        Set<String> committed = samples(C);
        assertFalse(committed.isEmpty(), "no C sample has a committed .wasm");
        assertEquals(samples(out), committed, "every C sample needs a committed NAME/NAME.wasm and vice versa");
        for (String name : committed) {
            Path wasm = C.resolve(name).resolve(name + ".wasm");
            assertArrayEquals(
                    Files.readAllBytes(out.resolve(name).resolve(name + ".wasm")),
                    Files.readAllBytes(wasm),
                    () -> wasm + " is not what its sources build to; run guest-sdk-samples/c/build.sh and commit it");
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

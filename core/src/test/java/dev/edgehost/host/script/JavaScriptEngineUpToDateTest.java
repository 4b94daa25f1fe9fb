package dev.edgehost.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code js-engine/edge-js.wasm}, which edge-core bundles, is what
 * {@code js-engine/build.sh} makes of its sources today, byte for byte ({@code --check}).
 * Skipped, with the script's message, when the toolchain is missing.
 */
class JavaScriptEngineUpToDateTest {
    private static final Path BUILD = Path.of("..", "js-engine", "build.sh");

    @Test
    void committedEngine_isWhatItsSourcesBuildTo() throws IOException, InterruptedException {
        Process check = new ProcessBuilder("bash", BUILD.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(15, TimeUnit.MINUTES)) {
            check.destroyForcibly();
            throw new AssertionError("js-engine/build.sh --check did not finish in 15 minutes:\n" + output);
        }
        Assumptions.assumeFalse(output.contains("skipped:"), () -> "skipped: the toolchain js-engine/build.sh needs is missing\n" + output);
        assertEquals(0, check.exitValue(), () -> "js-engine/edge-js.wasm is not what its sources build to:\n" + output);
    }
}

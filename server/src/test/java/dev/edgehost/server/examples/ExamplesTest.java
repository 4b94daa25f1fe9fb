package dev.edgehost.server.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each embedding example as a user would, through its {@code main}, and checks what it
 * prints beside the host's own log lines.
 */
class ExamplesTest {
    @TempDir
    static Path samples;

    /** The folder the examples read their guest from, with the sample the jar bundles. */
    @BeforeAll
    static void copySamples() throws IOException {
        try (InputStream wasm = ExamplesTest.class.getResourceAsStream("/samples/wat/echo.wasm")) {
            Files.write(samples.resolve("echo.wasm"), wasm.readAllBytes());
        }
    }

    @Test
    void handleExample_samplesFolder_printsTheGuestsAnswerAndTheHostsError() throws Exception {
        String output = printed(() -> HandleExample.main(new String[] {samples.toString()}));

        assertTrue(
                output.contains("200 POST\nhttp://localhost/echo/orders?id=42\ncontent-type: text/plain\n\norder 42 shipped\n"),
                output);
        assertTrue(Pattern.compile("(?m)^request [0-9a-f]{24} used [1-9][0-9]* fuel$").matcher(output).find(), output);
        assertTrue(output.contains("\n404 not_found: no function named \"missing\"\n"), output);
    }

    @Test
    void undertowMountExample_samplesFolder_servesTheAppAndTheFunctionsBelowEdge() throws Exception {
        String output = printed(() -> UndertowMountExample.main(new String[] {samples.toString()}));

        // The host's access log shares standard output; the example's own lines are the answers.
        List<String> lines = output.lines().filter(line -> line.startsWith("GET ")).toList();
        assertEquals(3, lines.size(), output);
        assertEquals("GET / -> 200 the app's own page", lines.get(0));
        assertTrue(lines.get(1).matches("GET /edge/echo/x\\?y=1 -> 200 GET http://127\\.0\\.0\\.1:[0-9]+/edge/echo/x\\?y=1"), output);
        assertTrue(lines.get(2).startsWith("GET /edge/missing -> 404 {\"error\":\"not_found\""), output);
    }

    /** What a piece of code prints on standard output. */
    private static String printed(Example example) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Example {
        void run() throws Exception;
    }
}

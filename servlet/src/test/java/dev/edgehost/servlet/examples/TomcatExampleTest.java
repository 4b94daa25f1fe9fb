package dev.edgehost.servlet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the Tomcat example as a user would, through its {@code main}, and checks what it prints. */
class TomcatExampleTest {

    @Test
    void main_samplesFolder_servesTheFunctionsBelowEdge() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TomcatExample.main(new String[] {System.getProperty("edge.samples")});
        } finally {
            System.setOut(original);
        }

        // Only the example's own lines: Tomcat and the host may log to standard output too.
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("GET ")).toList();
        assertEquals(2, lines.size(), captured.toString(StandardCharsets.UTF_8));
        assertTrue(lines.get(0).matches("GET /edge/echo/x\\?y=1 -> 200 GET http://127\\.0\\.0\\.1:[0-9]+/edge/echo/x\\?y=1"), lines.get(0));
        assertTrue(lines.get(1).startsWith("GET /edge/missing -> 404 {\"error\":\"not_found\""), lines.get(1));
    }
}

package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders as written: a {@code %} in a description must not be read as a format. */
class HelpTextTest {
    @Test
    void help_everyCommand_rendersWithoutPicocliWarnings() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        // picocli reports a description it cannot format on System.err, not on the command's writer.
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (Map.Entry<String, CommandLine> command : EdgeHostCli.commandLine().getSubcommands().entrySet()) {
                command.getValue().usage(new PrintWriter(new StringWriter()));
            }
        } finally {
            System.setErr(stderr);
        }
        String printed = warnings.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("picocli WARN"), printed);
    }
}

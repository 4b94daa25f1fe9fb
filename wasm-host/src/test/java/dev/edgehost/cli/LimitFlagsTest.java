package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.Limit;
import dev.edgehost.server.EdgeServer;
import dev.edgehost.testing.TestGuests;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every registered limit is a flag of {@code serve} and {@code deploy}, and the deploy flag reaches the host. */
class LimitFlagsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "deploy"})
    void help_listsEveryRegisteredLimit(String command) {
        assertEquals(0, run(command, "--help"), err.toString());
        String help = out.toString();
        String limitOption =
                String.join(" ", EdgeHostCli.commandLine().getSubcommands().get(command).getCommandSpec().findOption("--limit").description());
        for (Limit limit : FunctionLimits.registry()) {
            assertTrue(help.contains("--" + limit.name() + "="), command + " --help lacks --" + limit.name() + ":\n" + help);
            assertTrue(limitOption.contains(limit.name()), command + " --limit does not name " + limit.name() + ": " + limitOption);
        }
    }

    @Test
    void deploy_everyLimitFlag_isTheFunctionsLimit(@TempDir Path dir) throws Exception {
        Path module = Files.write(dir.resolve("hello.wasm"), TestGuests.sample("hello"));
        List<String> args = new ArrayList<>(List.of("deploy", "hello", module.toString(), "--json"));
        try (EdgeServer server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).build().start()) {
            args.add("--admin");
            args.add("http://127.0.0.1:" + server.adminPort());
            for (Limit limit : FunctionLimits.registry()) {
                args.add("--" + limit.name());
                args.add(String.valueOf(valueFor(limit)));
            }
            assertEquals(0, run(args.toArray(String[]::new)), err.toString());

            JsonNode limits = new ObjectMapper().readTree(out.toString()).path("limits");
            for (Limit limit : FunctionLimits.registry()) {
                assertEquals(valueFor(limit), limits.path(limit.name()).asLong(), limit.name());
                assertEquals(valueFor(limit), server.host().function("hello").orElseThrow().settings().limits().get(limit), limit.name());
            }
        }
    }

    /** A value in range that differs from the default, so that reaching the host is visible. */
    private static long valueFor(Limit limit) {
        return limit.defaultValue() > limit.min() ? limit.defaultValue() - 1 : limit.defaultValue() + 1;
    }
}

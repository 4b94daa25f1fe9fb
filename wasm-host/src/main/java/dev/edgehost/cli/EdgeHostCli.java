package dev.edgehost.cli;

import dev.edgehost.host.EdgeException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar edge-host.jar}: serve functions, or manage a running host's functions. */
@Command(
        name = "edge-host",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A WebAssembly edge-function host.",
        subcommands = {
            ServeCommand.class, DevCommand.class, NewCommand.class, DeployCommand.class, ListCommand.class, UndeployCommand.class,
            VersionsCommand.class, RollbackCommand.class,
            KvCommand.class, LogsCommand.class, BenchCommand.class
        })
public final class EdgeHostCli {
    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private EdgeHostCli() {}

    public static void main(String[] args) {
        // Before any logger exists: the jar's own logging setup, unless the user chose one.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            // dev prints requests and guest lines itself, and bench its numbers; the host's log would
            // say them twice, or bury them.
            boolean quiet = args.length > 0 && (args[0].equals("dev") || args[0].equals("bench"));
            System.setProperty(LOGBACK_CONFIGURATION, quiet ? "edge-host-dev-logback.xml" : LogFormat.CONFIGURATION);
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to execute. */
    static CommandLine commandLine() {
        CommandLine commandLine =
                new CommandLine(new EdgeHostCli())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .setExecutionExceptionHandler(EdgeHostCli::reportHostFailure);
        for (String command : new String[] {"serve", "deploy", "dev", "bench"}) {
            LimitOptions.addTo(commandLine.getSubcommands().get(command).getCommandSpec());
        }
        return commandLine;
    }

    /**
     * A failure the host names itself (an unusable data dir, an unreachable Redis, a full disk)
     * is one line for the operator, not a stack trace, as is a setting the server's builder
     * refuses (a bad proxy block, a file that is no GeoIP database: exit code 2, as for a bad
     * flag); anything else keeps its trace.
     */
    private static int reportHostFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (!(failure instanceof EdgeException) && !(failure instanceof IllegalArgumentException)) {
            throw failure;
        }
        commandLine.getErr().println("error: " + failure.getMessage());
        commandLine.getErr().flush();
        return failure instanceof EdgeException ? 1 : 2;
    }
}

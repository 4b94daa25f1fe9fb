package dev.edgehost.cli;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One {@code [[functions]]} table of a configuration file: the function's name, its module or
 * JavaScript script ({@code .js}, {@code .mjs}; a path relative to the file), and every other key
 * one of {@code deploy}'s options.
 *
 * @param where the table, named for messages: {@code edge-host.toml:12:1: functions[1] (hello)}
 */
record FunctionEntry(String name, Path module, Options options, String where) {
    static final String NAME = "name";
    static final String MODULE = "module";

    /** The deploy options of an entry, parsed as {@code deploy} parses its flags. */
    @Command(name = "function")
    static final class Options {
        @Mixin
        DeployOptions deploy;

        @Mixin
        LimitOptions limits;
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Options()).setCaseInsensitiveEnumValuesAllowed(true);
        LimitOptions.addTo(commandLine.getCommandSpec());
        return commandLine;
    }

    /**
     * Checks the options a command line of {@link #commandLine()} was parsed into.
     *
     * @throws IllegalArgumentException when a value is out of its range
     */
    static void check(CommandLine parsed) {
        Options options = parsed.getCommand();
        options.deploy.settings(options.limits);
    }

    static FunctionEntry read(Path file, TomlTable table, TomlPosition at, int index, TomlOptions options)
            throws ConfigFileException {
        String where = ConfigFile.FUNCTIONS + "[" + index + "]";
        String name = string(file, table, NAME, at, where);
        where += " (" + name + ")";
        String module = string(file, table, MODULE, at, where);
        Path resolved = file.toAbsolutePath().getParent().resolve(module).normalize();
        if (!Files.isRegularFile(resolved)) {
            throw options.failure(table.inputPositionOf(List.of(MODULE)), where, MODULE, "no such file: " + resolved);
        }
        List<String> arguments = options.arguments(table, Set.of(NAME, MODULE), where);
        CommandLine commandLine = commandLine();
        commandLine.parseArgs(arguments.toArray(String[]::new));
        Options parsed = commandLine.getCommand();
        return new FunctionEntry(name, resolved, parsed, file + ":" + at.line() + ":" + at.column() + ": " + where);
    }

    private static String string(Path file, TomlTable table, String key, TomlPosition at, String where)
            throws ConfigFileException {
        Object value = table.get(List.of(key));
        if (value == null) {
            throw new ConfigFileException(file, at.line(), at.column(), where + ": " + key + " is missing");
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            TomlPosition keyAt = table.inputPositionOf(List.of(key));
            throw new ConfigFileException(file, keyAt.line(), keyAt.column(), where + ": " + key + ": is a string");
        }
        return text;
    }

    /** The settings of the function deployed in process, over a host's default limits. */
    FunctionSettings settings(FunctionLimits defaults) {
        return options.deploy.settings(options.limits, defaults);
    }

    /** The admin API's deploy query string for the function. */
    String query() {
        return options.deploy.query(options.limits);
    }
}

package dev.edgehost.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;
import picocli.CommandLine;

/**
 * An {@code edge-host.toml}: {@code serve} options at the top, named as the command's options,
 * and the functions to deploy as {@code [[functions]]} tables (name, module, and {@code deploy}'s
 * options), as {@code spin.toml} describes an application. TOML because the peers' files
 * ({@code spin.toml}, {@code wrangler.toml}, {@code fastly.toml}) are TOML, and because its
 * parser tells where every key is, so a bad value is reported at its line.
 *
 * <p>Immutable once read.
 */
final class ConfigFile {
    static final String FUNCTIONS = "functions";

    private final Path file;
    private final TomlParseResult toml;

    private ConfigFile(Path file, TomlParseResult toml) {
        this.file = file;
        this.toml = toml;
    }

    /**
     * Reads and parses a file.
     *
     * @throws ConfigFileException when it cannot be read or is not TOML, with the line
     */
    static ConfigFile read(Path file) throws ConfigFileException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigFileException(file, "no such file");
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw new ConfigFileException(file, "cannot be read: " + e.getMessage());
        }
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            TomlPosition at = first.position();
            throw new ConfigFileException(file, at.line(), at.column(), "not TOML: " + first.getMessage());
        }
        return new ConfigFile(file, toml);
    }

    Path file() {
        return file;
    }

    /**
     * The top-level keys as {@code serve}'s arguments.
     *
     * @param serve makes a fresh {@code serve} command line each time it is asked
     * @param check checks the values a command line was parsed into
     * @param excluded long option names the file may not give
     */
    List<String> serveArguments(Supplier<CommandLine> serve, Consumer<CommandLine> check, Set<String> excluded)
            throws ConfigFileException {
        return new TomlOptions(file, serve, check, excluded).arguments(toml, Set.of(FUNCTIONS), "");
    }

    /** The {@code [[functions]]} entries, each checked: a name, a module that exists, and deploy options that parse. */
    List<FunctionEntry> functions() throws ConfigFileException {
        Object value = toml.get(List.of(FUNCTIONS));
        if (value == null) {
            return List.of();
        }
        TomlPosition at = toml.inputPositionOf(List.of(FUNCTIONS));
        if (!(value instanceof TomlArray array) || array.toList().stream().anyMatch(entry -> !(entry instanceof TomlTable))) {
            throw new ConfigFileException(file, at.line(), at.column(), FUNCTIONS + ": is a list of tables, written [[functions]]");
        }
        TomlOptions options = new TomlOptions(file, FunctionEntry::commandLine, FunctionEntry::check, Set.of());
        List<FunctionEntry> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            entries.add(FunctionEntry.read(file, array.getTable(i), array.inputPositionOf(i), i, options));
        }
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (entries.get(i).name().equals(entries.get(j).name())) {
                    TomlPosition second = array.inputPositionOf(i);
                    throw new ConfigFileException(file, second.line(), second.column(),
                            FUNCTIONS + "[" + i + "]: the name " + entries.get(i).name() + " is taken by " + FUNCTIONS + "[" + j + "]");
                }
            }
        }
        return entries;
    }
}

package dev.edgehost.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A TOML table read as the command line options it stands for, so that a file takes exactly the
 * options a command takes, named as they are (key {@code kv-timeout} is {@code --kv-timeout}),
 * and an option added to the command is a key of the file with nothing else to change.
 *
 * <p>A string, number or date is the option's value; {@code true} gives a flag and {@code false}
 * its negated form ({@code samples = false} is {@code --no-samples}); an array repeats an option
 * that takes several values; a table gives a map option's {@code KEY=VALUE} entries; the table
 * {@code limits} holds the per-limit options ({@code [limits] fuel = 5000} is {@code --fuel 5000}).
 * Every key is checked by parsing it alone, so that a bad value is reported at its line.
 */
final class TomlOptions {
    static final String LIMITS = "limits";

    private final Path file;
    private final Supplier<CommandLine> command;
    private final Consumer<CommandLine> check;
    private final Map<String, Flag> flags = new LinkedHashMap<>();

    /** A key and the option it names, in its negated form or not. */
    private record Flag(OptionSpec option, String name, String counterpart) {}

    /**
     * @param command makes a fresh command line each time it is asked, for parsing keys one by one
     * @param check checks the values a command line was parsed into, such as limits in their ranges,
     *     throwing {@link IllegalArgumentException} with the reason
     * @param excluded long option names the file may not give, such as the option that names it
     */
    TomlOptions(Path file, Supplier<CommandLine> command, Consumer<CommandLine> check, Set<String> excluded) {
        this.file = file;
        this.command = command;
        this.check = check;
        CommandSpec spec = command.get().getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            if (!name.startsWith("--") || excluded.contains(name)) {
                continue;
            }
            String negated = option.negatable() ? spec.negatableOptionTransformer().makeNegative(name, spec) : null;
            flags.put(name.substring(2), new Flag(option, name, negated));
            if (negated != null) {
                flags.put(negated.substring(2), new Flag(option, negated, name));
            }
        }
    }

    /**
     * The arguments the table's keys stand for, in the file's order.
     *
     * @param skipped keys the caller reads itself
     * @param where how to name the table in a message, such as {@code functions[2] (hello)}, or empty
     */
    List<String> arguments(TomlTable table, Collection<String> skipped, String where) throws ConfigFileException {
        List<String> arguments = new ArrayList<>();
        for (String key : table.keySet()) {
            if (skipped.contains(key)) {
                continue;
            }
            Object value = table.get(List.of(key));
            TomlPosition at = table.inputPositionOf(List.of(key));
            if (key.equals(LIMITS) && value instanceof TomlTable limits) {
                for (String limit : limits.keySet()) {
                    String name = LIMITS + "." + limit;
                    arguments.addAll(checked(name, where, limits.inputPositionOf(List.of(limit)),
                            option(name, limit, where, limits.inputPositionOf(List.of(limit)), limits.get(List.of(limit)))));
                }
                continue;
            }
            arguments.addAll(checked(key, where, at, option(key, key, where, at, value)));
        }
        return arguments;
    }

    private List<String> option(String key, String flagKey, String where, TomlPosition at, Object value)
            throws ConfigFileException {
        Flag flag = flags.get(flagKey);
        if (flag == null) {
            throw failure(at, where, key, "no such setting" + suggestion(flagKey));
        }
        OptionSpec option = flag.option();
        List<String> arguments = new ArrayList<>();
        if (option.arity().max() == 0) {
            if (!(value instanceof Boolean on)) {
                throw failure(at, where, key, "is true or false");
            }
            if (on) {
                arguments.add(flag.name());
            } else if (flag.counterpart() != null) {
                arguments.add(flag.counterpart());
            }
        } else if (value instanceof TomlTable entries) {
            if (!Map.class.isAssignableFrom(option.type())) {
                throw failure(at, where, key, "takes one value, not a table");
            }
            for (String entry : entries.keySet()) {
                Object entryValue = entries.get(List.of(entry));
                if (entryValue instanceof TomlTable || entryValue instanceof TomlArray) {
                    throw failure(entries.inputPositionOf(List.of(entry)), where, key + "." + entry, "is a string or a number");
                }
                arguments.add(flag.name() + "=" + entry + "=" + entryValue);
            }
        } else if (value instanceof TomlArray array) {
            if (!option.isMultiValue() || Map.class.isAssignableFrom(option.type())) {
                throw failure(at, where, key, "takes one value, not an array");
            }
            for (int i = 0; i < array.size(); i++) {
                Object element = array.get(i);
                if (element instanceof TomlTable || element instanceof TomlArray) {
                    throw failure(array.inputPositionOf(i), where, key + "[" + i + "]", "is a string or a number");
                }
                arguments.add(flag.name() + "=" + element);
            }
        } else {
            arguments.add(flag.name() + "=" + value);
        }
        return arguments;
    }

    /** The arguments, once a fresh command line has parsed them alone and their values passed the check. */
    private List<String> checked(String key, String where, TomlPosition at, List<String> arguments) throws ConfigFileException {
        try {
            CommandLine alone = command.get();
            alone.parseArgs(arguments.toArray(String[]::new));
            check.accept(alone);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            throw failure(at, where, key, e.getMessage());
        }
        return arguments;
    }

    ConfigFileException failure(TomlPosition at, String where, String key, String reason) {
        String subject = where.isEmpty() ? key : where + ": " + key;
        return new ConfigFileException(file, at.line(), at.column(), subject + ": " + reason);
    }

    /** {@code ; did you mean port?} for a key a typo or two away from a setting, or nothing. */
    private String suggestion(String key) {
        return flags.keySet().stream()
                .filter(known -> distance(known, key) <= 2)
                .min(Comparator.comparingInt(known -> distance(known, key)))
                .map(known -> "; did you mean " + known + "?")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

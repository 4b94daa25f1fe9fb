package dev.edgehost.cli;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.Limit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The function limits as options, named as in the admin API: one {@code --NAME VALUE} per
 * registered limit (added by {@link #addTo}, so that the flags and their help follow the limit
 * registry), and {@code --limit NAME=VALUE}, repeatable.
 */
final class LimitOptions {
    private static final String LIMIT = "--limit";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = LIMIT, paramLabel = "NAME=VALUE", description = "A function limit by name. Repeatable.")
    Map<String, Long> limits = new LinkedHashMap<>();

    /** Adds a {@code --NAME} option per registered limit to a command that mixes these options in. */
    static void addTo(CommandSpec command) {
        OptionSpec limit = command.findOption(LIMIT);
        command.remove(limit);
        command.addOption(
                limit.toBuilder()
                        .description("A function limit by name: "
                                + FunctionLimits.registry().stream().map(Limit::name).collect(Collectors.joining(", "))
                                + ". Repeatable; the same as --NAME VALUE.")
                        .build());
        for (Limit registered : FunctionLimits.registry()) {
            command.addOption(
                    OptionSpec.builder("--" + registered.name())
                            .type(Long.class)
                            .paramLabel(registered.unit().label().toUpperCase(Locale.ROOT))
                            .description(registered.help() + " Default " + registered.defaultValue() + ", from "
                                    + registered.min() + " to " + registered.max() + " (" + registered.unit().label() + ").")
                            .build());
        }
    }

    /** Every limit given on the command line, by name: {@code --NAME} options, then {@code --limit} entries. */
    Map<String, Long> given() {
        Map<String, Long> given = new LinkedHashMap<>();
        for (Limit registered : FunctionLimits.registry()) {
            OptionSpec option = mixee.findOption("--" + registered.name());
            if (option != null && option.getValue() != null) {
                given.put(registered.name(), option.getValue());
            }
        }
        given.putAll(limits);
        return given;
    }

    /**
     * The given limits over a base.
     *
     * @throws IllegalArgumentException when a name is no limit or a value is out of its range
     */
    FunctionLimits applyTo(FunctionLimits base) {
        FunctionLimits.Builder builder = base.toBuilder();
        given().forEach((name, value) -> builder.set(FunctionLimits.limit(name), value));
        return builder.build();
    }
}

package dev.edgehost.host.server;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.SettingsJson;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Function settings from a deploy request's query: limits by name ({@code memory-pages},
 * {@code timeout-ms}, ...), {@code engine}, and {@code config.KEY=VALUE} entries. What is not given
 * takes the host's default; a deploy replaces all settings of an earlier version.
 */
final class DeployParameters {
    private static final String CONFIG_PREFIX = "config.";
    private static final String ENGINE = "engine";

    private DeployParameters() {}

    static FunctionSettings parse(Map<String, Deque<String>> query, FunctionLimits defaults) {
        FunctionLimits.Builder limits = defaults.toBuilder();
        Engine engine = Engine.COMPILER;
        Map<String, String> config = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Deque<String>> parameter : query.entrySet()) {
                String name = parameter.getKey();
                if (parameter.getValue().size() != 1) {
                    throw new BadRequestException("parameter " + name + " is given more than once");
                }
                String value = parameter.getValue().getFirst();
                if (name.startsWith(CONFIG_PREFIX)) {
                    config.put(name.substring(CONFIG_PREFIX.length()), value);
                } else if (name.equals(ENGINE)) {
                    engine = SettingsJson.engine(value);
                } else {
                    SettingsJson.applyLimit(limits, name, wholeNumber(name, value));
                }
            }
            return FunctionSettings.of(limits.build(), engine, config);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), e);
        }
    }

    private static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + value, e);
        }
    }
}

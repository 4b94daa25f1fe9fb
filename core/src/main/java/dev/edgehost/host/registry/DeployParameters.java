package dev.edgehost.host.registry;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.SettingsJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Function settings from a deploy request's query: limits by name ({@code memory-pages},
 * {@code timeout-ms}, ...), {@code engine}, {@code config.KEY=VALUE} entries, {@code kv-store},
 * {@code fetch-allow} (repeatable, comma-separated origins), {@code mode} ({@code auto},
 * {@code abi} or {@code cgi}), {@code arg} (repeatable, one program argument each, in order) and
 * {@code cgi-output} ({@code lenient} or {@code strict}), {@code schedule} (repeatable, one
 * five-field cron expression in UTC each) and {@code fetch-cache} ({@code on}, the default, or
 * {@code off}). What is not given takes the host's
 * default (limits, engine, fetch allow-list); a deploy replaces all settings of an earlier version.
 */
public final class DeployParameters {
    private static final String CONFIG_PREFIX = "config.";
    private static final String ENGINE = "engine";
    private static final String KV_STORE = "kv-store";
    private static final String FETCH_ALLOW = "fetch-allow";
    private static final String MODE = "mode";
    private static final String ARG = "arg";
    private static final String CGI_OUTPUT = "cgi-output";
    private static final String SCHEDULE = "schedule";
    private static final String FETCH_CACHE = "fetch-cache";

    private DeployParameters() {}

    /**
     * Settings from a URL query string such as {@code timeout-ms=2000&config.greeting=hi}.
     *
     * @throws BadRequestException when a parameter is unknown, repeated or out of range
     */
    public static FunctionSettings parseQuery(String query, FunctionSettings defaults) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parse(parameters, defaults);
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed query parameter: " + encoded, e);
        }
    }

    /**
     * Settings from deploy parameters, each with its values in order.
     *
     * @throws BadRequestException when a parameter is unknown, repeated or out of range
     */
    public static FunctionSettings parse(Map<String, ? extends Collection<String>> query, FunctionSettings defaults) {
        FunctionLimits.Builder limits = defaults.limits().toBuilder();
        FunctionSettings.Builder settings = FunctionSettings.builder().engine(defaults.engine());
        if (!query.containsKey(FETCH_ALLOW)) {
            defaults.fetchAllowList().forEach(settings::allowFetch);
        }
        try {
            for (Map.Entry<String, ? extends Collection<String>> parameter : query.entrySet()) {
                String name = parameter.getKey();
                if (name.equals(FETCH_ALLOW)) {
                    // Repeatable, and each value may list several origins separated by commas.
                    for (String value : parameter.getValue()) {
                        for (String origin : value.split(",")) {
                            settings.allowFetch(origin.strip());
                        }
                    }
                    continue;
                }
                if (name.equals(ARG)) {
                    // Repeatable: each value is one argument, so an argument may hold commas.
                    parameter.getValue().forEach(settings::arg);
                    continue;
                }
                if (name.equals(SCHEDULE)) {
                    parameter.getValue().forEach(settings::schedule);
                    continue;
                }
                if (parameter.getValue().size() != 1) {
                    throw new BadRequestException("parameter " + name + " is given more than once");
                }
                String value = parameter.getValue().iterator().next();
                if (name.startsWith(CONFIG_PREFIX)) {
                    settings.config(name.substring(CONFIG_PREFIX.length()), value);
                } else if (name.equals(ENGINE)) {
                    settings.engine(SettingsJson.engine(value));
                } else if (name.equals(KV_STORE)) {
                    settings.kvStore(value);
                } else if (name.equals(MODE)) {
                    settings.mode(SettingsJson.mode(value));
                } else if (name.equals(CGI_OUTPUT)) {
                    settings.cgiOutput(SettingsJson.cgiOutput(value));
                } else if (name.equals(FETCH_CACHE)) {
                    settings.fetchCache(SettingsJson.fetchCache(value));
                } else {
                    limits.set(FunctionLimits.limit(name), wholeNumber(name, value));
                }
            }
            return settings.limits(limits.build()).build();
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

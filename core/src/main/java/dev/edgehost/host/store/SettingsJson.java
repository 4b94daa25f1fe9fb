package dev.edgehost.host.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.CgiOutput;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.Limit;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of function settings, shared by the data dir and the admin API so that what the
 * API shows is exactly what is stored. Field names match the admin API's deploy parameters. The
 * CGI fields ({@code mode}, {@code args}, {@code cgiOutput}) and {@code schedules} are written only when they differ
 * from their defaults, and read as the defaults when missing, so settings stored before them read
 * as they were.
 */
public final class SettingsJson {
    private SettingsJson() {}

    /** Every registered limit by its deploy-parameter name, in registry order. */
    public static ObjectNode limits(FunctionLimits limits) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Limit limit : FunctionLimits.registry()) {
            node.put(limit.name(), limits.get(limit));
        }
        return node;
    }

    /**
     * Applies one named limit to a builder.
     *
     * @throws IllegalArgumentException when the name is no limit
     */
    public static void applyLimit(FunctionLimits.Builder builder, String name, long value) {
        builder.set(FunctionLimits.limit(name), value);
    }

    public static ObjectNode settings(FunctionSettings settings) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("engine", settings.engine().name().toLowerCase(Locale.ROOT));
        node.set("limits", limits(settings.limits()));
        ObjectNode config = node.putObject("config");
        settings.config().forEach(config::put);
        if (settings.kvStore() != null) {
            node.put("kvStore", settings.kvStore());
        }
        ArrayNode fetchAllow = node.putArray("fetchAllow");
        settings.fetchAllowList().forEach(fetchAllow::add);
        if (settings.mode() != FunctionMode.AUTO) {
            node.put("mode", lowerCase(settings.mode()));
        }
        if (!settings.args().isEmpty()) {
            ArrayNode args = node.putArray("args");
            settings.args().forEach(args::add);
        }
        if (settings.cgiOutput() != CgiOutput.LENIENT) {
            node.put("cgiOutput", lowerCase(settings.cgiOutput()));
        }
        if (!settings.schedules().isEmpty()) {
            ArrayNode schedules = node.putArray("schedules");
            settings.schedules().forEach(schedules::add);
        }
        if (!settings.fetchCache()) {
            node.put("fetchCache", "off");
        }
        return node;
    }

    /**
     * Reads settings written by {@link #settings}.
     *
     * @throws IllegalArgumentException when the JSON is not such settings
     */
    public static FunctionSettings readSettings(JsonNode node) {
        FunctionLimits.Builder limits = FunctionLimits.builder();
        JsonNode limitsNode = required(node, "limits");
        for (Map.Entry<String, JsonNode> field : limitsNode.properties()) {
            if (!field.getValue().canConvertToLong()) {
                throw new IllegalArgumentException("limit " + field.getKey() + " is not a whole number");
            }
            applyLimit(limits, field.getKey(), field.getValue().longValue());
        }
        FunctionSettings.Builder settings =
                FunctionSettings.builder().limits(limits.build()).engine(engine(required(node, "engine").asText()));
        for (Map.Entry<String, JsonNode> field : required(node, "config").properties()) {
            settings.config(field.getKey(), field.getValue().asText());
        }
        if (node.hasNonNull("kvStore")) {
            settings.kvStore(node.get("kvStore").asText());
        }
        node.path("fetchAllow").forEach(origin -> settings.allowFetch(origin.asText()));
        if (node.hasNonNull("mode")) {
            settings.mode(mode(node.get("mode").asText()));
        }
        node.path("args").forEach(arg -> settings.arg(arg.asText()));
        if (node.hasNonNull("cgiOutput")) {
            settings.cgiOutput(cgiOutput(node.get("cgiOutput").asText()));
        }
        node.path("schedules").forEach(schedule -> settings.schedule(schedule.asText()));
        if (node.hasNonNull("fetchCache")) {
            settings.fetchCache(fetchCache(node.get("fetchCache").asText()));
        }
        return settings.build();
    }

    /** The lower-case name of a setting's value, as deploy parameters and the JSON spell it. */
    public static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode of that name.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static FunctionMode mode(String name) {
        return named(FunctionMode.class, name, "mode", "auto, abi or cgi");
    }

    /**
     * The CGI output handling of that name.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static CgiOutput cgiOutput(String name) {
        return named(CgiOutput.class, name, "cgi-output", "lenient or strict");
    }

    /**
     * Whether the fetch cache is on, from {@code on} or {@code off}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static boolean fetchCache(String value) {
        if (value.equals("on") || value.equals("off")) {
            return value.equals("on");
        }
        throw new IllegalArgumentException("unknown fetch-cache: " + value + " (on or off)");
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name, String setting, String choices) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + setting + ": " + name + " (" + choices + ")");
    }

    /**
     * The engine of that name.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static Engine engine(String name) {
        for (Engine engine : Engine.values()) {
            if (engine.name().equalsIgnoreCase(name)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine: " + name + " (compiler or interpreter)");
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing field: " + field);
        }
        return value;
    }
}

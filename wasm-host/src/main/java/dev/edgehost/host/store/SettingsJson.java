package dev.edgehost.host.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of function settings, shared by the data dir and the admin API so that what the
 * API shows is exactly what is stored. Field names match the admin API's deploy parameters.
 */
public final class SettingsJson {
    public static final String MEMORY_PAGES = "memory-pages";
    public static final String FUEL = "fuel";
    public static final String TIMEOUT_MS = "timeout-ms";
    public static final String MAX_REQUEST_BODY = "max-request-body";
    public static final String MAX_RESPONSE_BODY = "max-response-body";
    public static final String MAX_REQUEST_HEADERS = "max-request-headers";
    public static final String MAX_REQUEST_HEADER_BYTES = "max-request-header-bytes";
    public static final String MAX_RESPONSE_HEADERS = "max-response-headers";
    public static final String MAX_RESPONSE_HEADER_BYTES = "max-response-header-bytes";
    public static final String KV_MAX_VALUE_BYTES = "kv-max-value-bytes";
    public static final String KV_MAX_OPERATIONS = "kv-max-operations";
    public static final String FETCH_MAX_REQUESTS = "fetch-max-requests";
    public static final String FETCH_MAX_RESPONSE_BYTES = "fetch-max-response-bytes";
    public static final String FETCH_CONNECT_TIMEOUT_MS = "fetch-connect-timeout-ms";
    public static final String FETCH_TIMEOUT_MS = "fetch-timeout-ms";

    private SettingsJson() {}

    public static ObjectNode limits(FunctionLimits limits) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(MEMORY_PAGES, limits.memoryPages());
        node.put(FUEL, limits.fuel());
        node.put(TIMEOUT_MS, limits.timeout().toMillis());
        node.put(MAX_REQUEST_BODY, limits.maxRequestBodyBytes());
        node.put(MAX_RESPONSE_BODY, limits.maxResponseBodyBytes());
        node.put(MAX_REQUEST_HEADERS, limits.maxRequestHeaders());
        node.put(MAX_REQUEST_HEADER_BYTES, limits.maxRequestHeaderBytes());
        node.put(MAX_RESPONSE_HEADERS, limits.maxResponseHeaders());
        node.put(MAX_RESPONSE_HEADER_BYTES, limits.maxResponseHeaderBytes());
        node.put(KV_MAX_VALUE_BYTES, limits.kvMaxValueBytes());
        node.put(KV_MAX_OPERATIONS, limits.kvMaxOperations());
        node.put(FETCH_MAX_REQUESTS, limits.fetchMaxRequests());
        node.put(FETCH_MAX_RESPONSE_BYTES, limits.fetchMaxResponseBytes());
        node.put(FETCH_CONNECT_TIMEOUT_MS, limits.fetchConnectTimeout().toMillis());
        node.put(FETCH_TIMEOUT_MS, limits.fetchTimeout().toMillis());
        return node;
    }

    /**
     * Applies one named limit to a builder.
     *
     * @throws IllegalArgumentException when the name is no limit or the value is no whole number
     */
    public static void applyLimit(FunctionLimits.Builder builder, String name, long value) {
        switch (name) {
            case MEMORY_PAGES:
                builder.memoryPages(toInt(name, value));
                break;
            case FUEL:
                builder.fuel(value);
                break;
            case TIMEOUT_MS:
                builder.timeout(Duration.ofMillis(value));
                break;
            case MAX_REQUEST_BODY:
                builder.maxRequestBodyBytes(value);
                break;
            case MAX_RESPONSE_BODY:
                builder.maxResponseBodyBytes(value);
                break;
            case MAX_REQUEST_HEADERS:
                builder.maxRequestHeaders(toInt(name, value));
                break;
            case MAX_REQUEST_HEADER_BYTES:
                builder.maxRequestHeaderBytes(toInt(name, value));
                break;
            case MAX_RESPONSE_HEADERS:
                builder.maxResponseHeaders(toInt(name, value));
                break;
            case MAX_RESPONSE_HEADER_BYTES:
                builder.maxResponseHeaderBytes(toInt(name, value));
                break;
            case KV_MAX_VALUE_BYTES:
                builder.kvMaxValueBytes(toInt(name, value));
                break;
            case KV_MAX_OPERATIONS:
                builder.kvMaxOperations(toInt(name, value));
                break;
            case FETCH_MAX_REQUESTS:
                builder.fetchMaxRequests(toInt(name, value));
                break;
            case FETCH_MAX_RESPONSE_BYTES:
                builder.fetchMaxResponseBytes(value);
                break;
            case FETCH_CONNECT_TIMEOUT_MS:
                builder.fetchConnectTimeout(Duration.ofMillis(value));
                break;
            case FETCH_TIMEOUT_MS:
                builder.fetchTimeout(Duration.ofMillis(value));
                break;
            default:
                throw new IllegalArgumentException("unknown limit: " + name);
        }
    }

    private static int toInt(String name, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is out of range: " + value);
        }
        return (int) value;
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
        return settings.build();
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

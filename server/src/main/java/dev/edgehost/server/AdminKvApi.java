package dev.edgehost.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin API of a function's key-value data, in the namespace the function uses:
 * {@code GET /functions/{name}/kv?prefix=&after=&limit=} lists keys, and
 * {@code GET|PUT|DELETE /functions/{name}/kv/{key}} read, write ({@code ?ttl=SECONDS}) and delete
 * one value. Keys in paths are percent-encoded bytes; keys in listings are UTF-8 text.
 */
final class AdminKvApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIST = 1_000;

    private final EdgeRuntime runtime;
    private final KvBackend kv;

    AdminKvApi(EdgeRuntime runtime, KvBackend kv) {
        this.runtime = runtime;
        this.kv = kv;
    }

    void addRoutes(RoutingHandler routes) {
        routes.get("/functions/{name}/kv", this::list)
                .get("/functions/{name}/kv/*", this::get)
                .put("/functions/{name}/kv/*", this::put)
                .delete("/functions/{name}/kv/*", this::delete);
    }

    private void list(HttpServerExchange exchange) {
        String namespace = namespace(exchange);
        byte[] prefix = utf8(parameter(exchange, "prefix", ""));
        byte[] after = utf8(parameter(exchange, "after", ""));
        int limit = limit(parameter(exchange, "limit", String.valueOf(MAX_LIST)));
        List<byte[]> keys = call(() -> kv.list(namespace, prefix, after, limit));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("keys");
        keys.forEach(key -> array.add(new String(key, StandardCharsets.UTF_8)));
        if (keys.size() == limit) {
            body.put("next", new String(keys.get(keys.size() - 1), StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        try {
            exchange.getResponseSender().send(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }

    private void get(HttpServerExchange exchange) {
        byte[] value = call(() -> kv.get(namespace(exchange), key(exchange)));
        if (value == null) {
            ErrorResponder.send(exchange, HttpError.NOT_FOUND, "no such key");
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
        exchange.getResponseSender().send(ByteBuffer.wrap(value));
    }

    private void put(HttpServerExchange exchange) {
        String namespace = namespace(exchange);
        byte[] key = key(exchange);
        long ttl = wholeNumber("ttl", parameter(exchange, "ttl", "0"));
        if (ttl < 0) {
            throw new BadRequestException("ttl must not be negative");
        }
        byte[] value = readBody(exchange, runtime.find(name(exchange)).orElseThrow().settings().limits().kvMaxValueBytes());
        call(() -> {
            kv.set(namespace, key, value, ttl);
            return null;
        });
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    private void delete(HttpServerExchange exchange) {
        boolean deleted = call(() -> kv.delete(namespace(exchange), key(exchange)));
        if (!deleted) {
            ErrorResponder.send(exchange, HttpError.NOT_FOUND, "no such key");
            return;
        }
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (KvUnavailableException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    private String namespace(HttpServerExchange exchange) {
        String name = name(exchange);
        Deployment deployment =
                runtime.find(name).orElseThrow(() -> new FunctionNotFoundException("no function named \"" + name + "\""));
        return FunctionKv.namespace(name, deployment.settings().kvStore());
    }

    private static String name(HttpServerExchange exchange) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("name");
    }

    /** The key's bytes from the raw path, so that any byte can be addressed percent-encoded. */
    private static byte[] key(HttpServerExchange exchange) {
        String marker = "/kv/";
        String raw = exchange.getRequestURI();
        byte[] key = PercentDecoding.decode(raw.substring(raw.indexOf(marker) + marker.length()));
        if (key.length == 0 || key.length > FunctionKv.MAX_KEY_BYTES) {
            throw new BadRequestException("keys are 1 to " + FunctionKv.MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    private static String parameter(HttpServerExchange exchange, String name, String fallback) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }

    private static int limit(String value) {
        long limit = wholeNumber("limit", value);
        if (limit < 1 || limit > MAX_LIST) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIST);
        }
        return (int) limit;
    }

    private static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number: " + value, e);
        }
    }

    private static byte[] readBody(HttpServerExchange exchange, long maxBytes) {
        byte[] body = AdminBodyHandler.body(exchange);
        if (body == null || body.length > maxBytes) {
            throw new BadRequestException("the value is larger than the function's limit of " + maxBytes + " bytes");
        }
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

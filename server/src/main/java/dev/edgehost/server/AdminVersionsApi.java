package dev.edgehost.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.ServedFunctionView;
import dev.edgehost.host.spi.FunctionHistory;
import dev.edgehost.host.spi.FunctionVersion;
import dev.edgehost.host.spi.Traffic;
import dev.edgehost.host.spi.TrafficJson;
import dev.edgehost.host.store.SettingsJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.function.Function;

/**
 * The admin API of a function's versions and traffic: {@code GET /functions/{name}/versions}
 * lists the kept versions newest first, {@code POST /functions/{name}/rollback[?version=N]} makes
 * one serve again, and {@code GET|PUT /functions/{name}/traffic} reads and sets how requests are
 * shared between versions. Stateless beyond the runtime, so thread-safe.
 */
final class AdminVersionsApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "version";

    private final EdgeRuntime runtime;
    private final Function<Deployment, ObjectNode> describe;

    /** @param describe the function's JSON, as {@code GET /functions/{name}} answers */
    AdminVersionsApi(EdgeRuntime runtime, Function<Deployment, ObjectNode> describe) {
        this.runtime = runtime;
        this.describe = describe;
    }

    void addRoutes(RoutingHandler routes) {
        routes.get("/functions/{name}/versions", this::list)
                .post("/functions/{name}/rollback", this::rollback)
                .get("/functions/{name}/traffic", this::traffic)
                .put("/functions/{name}/traffic", this::setTraffic);
    }

    private void list(HttpServerExchange exchange) {
        ServedFunctionView function = view(exchange);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", function.primary().name());
        body.put("serving", function.history().serving());
        ArrayNode versions = body.putArray("versions");
        for (FunctionVersion version : function.history().versions()) {
            versions.add(version(version, function.history()));
        }
        send(exchange, body);
    }

    private void rollback(HttpServerExchange exchange) {
        String name = name(exchange);
        Integer number = number(exchange.getQueryParameters().get(VERSION));
        Deployment serving = runtime.rollback(name, number);
        send(exchange, describe.apply(serving));
    }

    private void traffic(HttpServerExchange exchange) {
        send(exchange, traffic(view(exchange).history()));
    }

    private void setTraffic(HttpServerExchange exchange) {
        String name = name(exchange);
        ServedFunctionView current = view(exchange);
        byte[] body = AdminBodyHandler.body(exchange);
        if (body == null) {
            throw new BadRequestException("traffic settings may be at most " + AdminBodyHandler.MAX_TRAFFIC_BYTES + " bytes");
        }
        Traffic traffic = TrafficJson.parse(body, current.history().serving());
        send(exchange, traffic(runtime.setTraffic(name, traffic).history()));
    }

    /** A version's JSON, as listed and as named in the function's {@code versions}. */
    static ObjectNode version(FunctionVersion version, FunctionHistory history) {
        ObjectNode node = JSON.createObjectNode();
        node.put(VERSION, version.number());
        node.put("sha256", version.sha256());
        node.put("kind", version.kind().id());
        node.put("deployedAt", version.deployedAt().toString());
        node.put("deployedBy", version.deployedBy());
        node.put("serving", history.servingVersions().contains(version.number()));
        node.set("settings", SettingsJson.settings(version.settings()));
        return node;
    }

    /** The traffic in effect, with every version's share: what {@code GET .../traffic} answers. */
    static ObjectNode traffic(FunctionHistory history) {
        try {
            return (ObjectNode) JSON.readTree(TrafficJson.toJson(history.effectiveTraffic()));
        } catch (IOException e) {
            throw new IllegalStateException("the host's own JSON always reads", e);
        }
    }

    private ServedFunctionView view(HttpServerExchange exchange) {
        String name = name(exchange);
        return runtime.versions(name).orElseThrow(() -> new FunctionNotFoundException("no function named \"" + name + "\""));
    }

    private static Integer number(Deque<String> values) {
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw new BadRequestException("parameter version is given more than once");
        }
        String value = values.getFirst();
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Answered below, as every other bad number.
        }
        throw new BadRequestException("version must be a version number, a whole number from 1: " + value);
    }

    private static String name(HttpServerExchange exchange) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("name");
    }

    private static void send(HttpServerExchange exchange, ObjectNode body) {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        try {
            exchange.getResponseSender().send(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }
}

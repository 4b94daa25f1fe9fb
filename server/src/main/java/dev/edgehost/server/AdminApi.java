package dev.edgehost.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.execution.RequestExecutor;
import dev.edgehost.host.execution.ScheduledRuns;
import dev.edgehost.host.registry.DeployOutcome;
import dev.edgehost.host.registry.DeployParameters;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.store.SettingsJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin API: {@code PUT /functions/{name}} deploys the raw module in the body (or, with a
 * JavaScript content type, the script: {@link UploadKind}), {@code GET
 * /functions} lists, {@code GET /functions/{name}} describes, {@code DELETE /functions/{name}}
 * removes; {@link AdminKvApi} adds a function's key-value data, {@link AdminLogsApi} its live
 * log and {@link AdminVersionsApi} its versions, rollback and traffic. Health and metrics are {@link OpsHandler}'s, in front of the token check. Handlers block
 * (reading uploads, compiling), so they run on worker threads; log streams do not, and are served
 * before.
 */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "name";
    private static final String TRAFFIC = "traffic";

    private final EdgeRuntime runtime;
    private final RequestExecutor executor;
    private final ScheduledRuns scheduledRuns;
    private final AdminKvApi kvApi;
    private final AdminLogsApi logsApi;
    private final AdminVersionsApi versionsApi;
    private final FunctionSettings defaultSettings;
    private final long maxModuleBytes;

    AdminApi(HostCore host, LogStreams logStreams) {
        this.executor = host.executor();
        this.scheduledRuns = host.scheduledRuns();
        this.runtime = host.runtime();
        this.kvApi = new AdminKvApi(runtime, host.kv());
        this.logsApi = new AdminLogsApi(runtime, logStreams);
        this.versionsApi = new AdminVersionsApi(runtime, this::describe);
        this.defaultSettings = host.config().defaultSettings();
        this.maxModuleBytes = host.config().maxModuleBytes();
    }

    HttpHandler handler() {
        RoutingHandler routes =
                new RoutingHandler(false)
                        .put("/functions/{name}", this::deploy)
                        .get("/functions", this::list)
                        .get("/functions/{name}", this::describe)
                        .delete("/functions/{name}", this::undeploy)
                        .setFallbackHandler(
                                exchange -> ErrorResponder.send(exchange, HttpError.NOT_FOUND, "no such admin resource"))
                        .setInvalidMethodHandler(
                                exchange -> ErrorResponder.send(
                                        exchange,
                                        HttpError.METHOD_NOT_ALLOWED,
                                        exchange.getRequestMethod() + " is not supported on " + exchange.getRequestPath()));
        kvApi.addRoutes(routes);
        versionsApi.addRoutes(routes);
        return logsApi.in(new AdminBodyHandler(
                runtime,
                maxModuleBytes,
                new BlockingHandler(
                        exchange -> {
                            try {
                                routes.handleRequest(exchange);
                            } catch (RuntimeException e) {
                                ErrorResponder.send(exchange, e);
                            }
                        })));
    }

    private void deploy(HttpServerExchange exchange) {
        String name = pathName(exchange);
        Map<String, Deque<String>> parameters = new LinkedHashMap<>(exchange.getQueryParameters());
        boolean keepTraffic = keepTraffic(parameters.remove(TRAFFIC));
        FunctionSettings settings = DeployParameters.parse(parameters, defaultSettings);
        FunctionKind kind = UploadKind.of(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        byte[] code = readUpload(exchange);
        if (code == null) {
            return;
        }
        DeployOutcome outcome = runtime.deploy(name, code, kind, settings, true, AdminCaller.of(exchange), !keepTraffic);
        sendJson(exchange, outcome.created() ? 201 : 200, describe(outcome.deployment()));
    }

    /** {@code traffic=keep}: the new version is kept beside the traffic as it is, for a canary. */
    private static boolean keepTraffic(Deque<String> values) {
        if (values == null) {
            return false;
        }
        if (values.size() != 1 || !values.getFirst().equals("keep")) {
            throw new BadRequestException("traffic may only be keep, once: the new version then serves no request until"
                    + " PUT /functions/{name}/traffic sends some to it");
        }
        return true;
    }

    private byte[] readUpload(HttpServerExchange exchange) {
        byte[] upload = AdminBodyHandler.body(exchange);
        if (upload == null) {
            sendUploadTooLarge(exchange);
        }
        return upload;
    }

    private void sendUploadTooLarge(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        ErrorResponder.send(
                exchange, HttpError.UPLOAD_TOO_LARGE, "modules may be at most " + maxModuleBytes + " bytes");
    }

    private void list(HttpServerExchange exchange) {
        ArrayNode functions = JSON.createArrayNode();
        runtime.functions().forEach(deployment -> functions.add(describe(deployment)));
        ObjectNode body = JSON.createObjectNode();
        body.set("functions", functions);
        sendJson(exchange, 200, body);
    }

    private void describe(HttpServerExchange exchange) {
        String name = pathName(exchange);
        runtime.find(name)
                .ifPresentOrElse(
                        deployment -> sendJson(exchange, 200, describe(deployment)),
                        () -> StartupStatusJson.of(runtime, name)
                                .ifPresentOrElse(
                                        status -> sendJson(exchange, 200, status),
                                        () -> ErrorResponder.send(exchange, HttpError.NOT_FOUND, "no function named \"" + name + "\"")));
    }

    private void undeploy(HttpServerExchange exchange) {
        String name = pathName(exchange);
        if (runtime.undeploy(name)) {
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else {
            ErrorResponder.send(exchange, HttpError.NOT_FOUND, "no function named \"" + name + "\"");
        }
    }

    private static String pathName(HttpServerExchange exchange) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(NAME);
    }

    private ObjectNode describe(Deployment deployment) {
        FunctionInfo info = HostCore.info(deployment);
        ObjectNode node = JSON.createObjectNode();
        node.put("name", info.name());
        node.put("kind", info.kind().id());
        node.put("sha256", info.sha256());
        node.put("size", info.size());
        node.put("deployedAt", info.deployedAt().toString());
        node.put("persistent", info.persistent());
        runtime.versions(info.name()).ifPresent(versions -> {
            // The version whose settings stand for the function, and every version traffic goes to.
            node.put("version", versions.history().serving());
            node.put("latestVersion", versions.history().versions().get(0).number());
            ArrayNode serving = node.putArray("serving");
            versions.history().effectiveTraffic().split().forEach(share -> serving.addObject()
                    .put("version", share.version()).put("percent", share.percent()));
            versions.history().effectiveTraffic().rules().forEach(rule -> serving.addObject()
                    .put("version", rule.version()).put("rule", rule.header() + ": " + rule.equals()));
        });
        // Running one request at a time, its requests having reached their limits (fuel, deadline, memory, stack) again and again.
        node.put("throttled", executor.throttledFunctions().contains(info.name()));
        node.setAll(SettingsJson.settings(info.settings()));
        scheduledRuns.nextRun(info.settings()).ifPresent(next -> node.put("nextScheduledRun", next.toString()));
        // The mode the function runs in, also when its settings leave it to the module's exports.
        node.put("mode", SettingsJson.lowerCase(info.mode()));
        TierJson.put(node, runtime.tier(deployment));
        ArrayNode imports = node.putArray("imports");
        info.imports().forEach(imports::add);
        ArrayNode exports = node.putArray("exports");
        info.exports().forEach(exports::add);
        return node;
    }

    private static void sendJson(HttpServerExchange exchange, int status, ObjectNode body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        try {
            exchange.getResponseSender().send(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }
}

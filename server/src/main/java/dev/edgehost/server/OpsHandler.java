package dev.edgehost.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.LoadProgress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The endpoints for machines: {@code GET /healthz} (the process answers), {@code GET /readyz}
 * ({@code 200 {"status":"ready"}}, or {@code 503 {"status":"unready","reasons":[...]}} while the
 * backend does not answer, key-value calls fail fast or the server shuts down) and
 * {@code GET /metrics} (Prometheus text, or OpenMetrics when the {@code Accept} header asks for
 * it). They reveal no secrets, so they need no token: they sit in front of the admin API's
 * authentication on the admin listener, and alone on the ops listener, where any other path is
 * {@code 404}.
 */
final class OpsHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PATHS = Set.of("/healthz", "/readyz", "/metrics");

    private final HostCore host;
    private final HostMetrics metrics;
    private final BooleanSupplier shuttingDown;
    private final HttpHandler next;

    /**
     * @param next what serves every other path, or {@code null} to answer it {@code 404}
     */
    OpsHandler(HostCore host, HostMetrics metrics, BooleanSupplier shuttingDown, HttpHandler next) {
        this.host = host;
        this.metrics = metrics;
        this.shuttingDown = shuttingDown;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (!PATHS.contains(path)) {
            if (next != null) {
                next.handleRequest(exchange);
            } else {
                ErrorResponder.send(exchange, HttpError.NOT_FOUND, "the ops listener serves /healthz, /readyz and /metrics");
            }
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            ErrorResponder.send(
                    exchange, HttpError.METHOD_NOT_ALLOWED, exchange.getRequestMethod() + " is not supported on " + path);
            return;
        }
        if (exchange.isInIoThread()) {
            // Readiness asks the backend and a scrape formats every meter: not on an IO thread.
            exchange.dispatch(this);
            return;
        }
        switch (path) {
            case "/healthz":
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send("ok\n");
                break;
            case "/readyz":
                ready(exchange);
                break;
            default:
                metrics(exchange);
                break;
        }
    }

    private void ready(HttpServerExchange exchange) throws JsonProcessingException {
        List<String> reasons = host.unreadyReasons();
        if (shuttingDown.getAsBoolean() && !reasons.contains("shutting down")) {
            reasons.add(0, "shutting down");
        }
        ObjectNode body = JSON.createObjectNode();
        if (reasons.isEmpty()) {
            body.put("status", "ready");
            exchange.setStatusCode(200);
        } else {
            body.put("status", "unready");
            reasons.forEach(body.putArray("reasons")::add);
            exchange.setStatusCode(503);
        }
        LoadProgress progress = host.runtime().loadProgress();
        if (progress.total() > 0) {
            ObjectNode stored = body.putObject("storedFunctions");
            stored.put("loaded", progress.loaded());
            stored.put("pending", progress.pending());
            stored.put("failed", progress.failed());
        }
        LoadProgress startup = host.runtime().startupProgress();
        if (startup.total() > 0) {
            ObjectNode given = body.putObject("startupFunctions");
            given.put("loaded", startup.loaded());
            given.put("pending", startup.pending());
            given.put("failed", startup.failed());
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
    }

    private void metrics(HttpServerExchange exchange) {
        HostMetrics.Scrape scrape = metrics.scrape(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
        if (scrape == null) {
            ErrorResponder.send(
                    exchange, HttpError.NOT_FOUND, "the host's metrics are in the MeterRegistry it was given");
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, scrape.contentType());
        exchange.getResponseSender().send(scrape.body());
    }
}

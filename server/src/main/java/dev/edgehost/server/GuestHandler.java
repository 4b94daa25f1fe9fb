package dev.edgehost.server;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.capability.ArrivingBody;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.execution.RequestExecutor;
import dev.edgehost.host.registry.Deployment;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hands the request to the host's {@link RequestExecutor}, which runs the guest on its bounded
 * worker pool, never on an IO thread, and writes the outcome back from the connection's IO thread.
 * When every worker is busy and the wait queue is full, the request is answered
 * {@code 503 overloaded} at once instead of piling up. A response the guest flushes
 * ({@code resp_flush}) is written by the worker itself, as it runs ({@link UndertowResponseStream}).
 */
final class GuestHandler implements HttpHandler {
    private static final HttpString SERVER_TIMING = new HttpString("server-timing");
    private static final HttpString VERSION = new HttpString(RequestExecutor.VERSION_HEADER);
    /** How long a flushed response waits for a client that reads nothing: the host's default read timeout. */
    private static final long STALL_MILLIS = ConnectionLimits.DEFAULTS.readTimeoutMillis();

    private final RequestExecutor executor;

    GuestHandler(RequestExecutor executor) {
        this.executor = executor;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Deployment deployment = FunctionRoutingHandler.deployment(exchange);
        CompletableFuture<RequestExecutor.Outcome> outcome;
        UndertowResponseStream stream = new UndertowResponseStream(exchange, STALL_MILLIS);
        try {
            outcome = executor.submit(deployment, guestRequest(exchange).withResponseStream(stream), RequestIdHandler.requestId(exchange));
        } catch (EdgeException e) {
            ErrorResponder.send(exchange, e);
            return;
        }
        // The connection's IO thread writes the response: it then reads the next request on that
        // connection itself, instead of being woken by the worker to resume reading.
        exchange.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> {
                    Executor io = exchange.getIoThread();
                    outcome.thenAccept(done -> {
                        if (!stream.started()) {
                            io.execute(() -> send(exchange, done));
                        }
                    });
                });
    }

    private static void send(HttpServerExchange exchange, RequestExecutor.Outcome outcome) {
        BodyReadingHandler.stopReading(exchange);
        exchange.getResponseHeaders().put(SERVER_TIMING, outcome.serverTiming());
        exchange.getResponseHeaders().put(VERSION, outcome.version());
        if (outcome.failure() != null) {
            ErrorResponder.send(exchange, outcome.failure());
            return;
        }
        GuestResponse response = outcome.response();
        exchange.setStatusCode(response.status());
        for (Map.Entry<String, String> header : response.headers()) {
            exchange.getResponseHeaders().add(new HttpString(header.getKey()), header.getValue());
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
    }

    private static GuestRequest guestRequest(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        String url = exchange.getRequestURL() + (query.isEmpty() ? "" : "?" + query);
        GuestRequest request =
                new GuestRequest(
                        exchange.getRequestMethod().toString(), url, RequestLimitsHandler.checkedHeaders(exchange),
                        BodyReadingHandler.body(exchange), ClientAddressHandler.client(exchange), exchange.getProtocol().toString());
        ArrivingBody arriving = BodyReadingHandler.stream(exchange);
        return arriving == null ? request : request.withBodyStream(arriving);
    }
}

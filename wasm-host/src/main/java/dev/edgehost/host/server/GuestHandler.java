package dev.edgehost.host.server;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.guest.FunctionLog;
import dev.edgehost.host.guest.GuestRequest;
import dev.edgehost.host.guest.GuestResponse;
import dev.edgehost.host.runtime.Deployment;
import dev.edgehost.host.runtime.InvocationStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Runs the guest for a request on the host's bounded worker pool, never on an IO thread; when
 * every worker is busy and the wait queue is full, the request is answered {@code 503 overloaded}
 * at once instead of piling up.
 */
final class GuestHandler implements HttpHandler {
    private static final HttpString SERVER_TIMING = new HttpString("server-timing");

    private final HostCore host;

    GuestHandler(HostCore host) {
        this.host = host;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            host.admit();
        } catch (EdgeException e) {
            ErrorResponder.send(exchange, e);
            return;
        }
        exchange.dispatch(host.workers(), () -> run(exchange));
    }

    /**
     * Runs the guest, then frees the worker's admission before answering: a client that has its
     * answer can count on the place being free, and on the request being in the log and metrics.
     */
    private void run(HttpServerExchange exchange) {
        Deployment deployment = FunctionRoutingHandler.deployment(exchange);
        String requestId = RequestIdHandler.requestId(exchange);
        String method = exchange.getRequestMethod().toString();
        byte[] requestBody = BodyReadingHandler.body(exchange);
        InvocationStats stats = new InvocationStats();
        long start = System.nanoTime();
        GuestResponse response = null;
        Throwable failure = null;
        try {
            response =
                    host.runtime().invoke(
                            deployment, guestRequest(exchange, requestBody), requestId,
                            new FunctionLog(deployment.name(), requestId), stats);
        } catch (RuntimeException | StackOverflowError e) {
            failure = e;
        } finally {
            host.release();
        }
        exchange.getResponseHeaders().put(SERVER_TIMING, serverTiming(stats));
        if (failure != null) {
            String code = failure instanceof EdgeException ? ((EdgeException) failure).error().code() : "internal_error";
            int status = failure instanceof EdgeException ? ((EdgeException) failure).error().status() : 500;
            host.finished(requestId, deployment, method, status, requestBody.length, 0, stats, System.nanoTime() - start, code);
            ErrorResponder.send(exchange, failure);
            return;
        }
        byte[] body = response.body();
        host.finished(requestId, deployment, method, response.status(), requestBody.length, body.length, stats, System.nanoTime() - start, null);
        exchange.setStatusCode(response.status());
        for (Map.Entry<String, String> header : response.headers()) {
            exchange.getResponseHeaders().add(new HttpString(header.getKey()), header.getValue());
        }
        // The connection's IO thread writes the response: it then reads the next request on that
        // connection itself, instead of being woken by the worker to resume reading.
        ByteBuffer buffer = ByteBuffer.wrap(body);
        exchange.dispatch(exchange.getIoThread(), () -> exchange.getResponseSender().send(buffer));
    }

    /** Instantiation and execution time in milliseconds, and the fuel used, for browser dev tools. */
    private static String serverTiming(InvocationStats stats) {
        // Built by hand: String.format was a noticeable share of a small request's host time.
        StringBuilder timing = new StringBuilder(64).append("instantiate;dur=");
        appendMillis(timing, stats.instantiateNanos());
        timing.append(", execute;dur=");
        appendMillis(timing, stats.executeNanos());
        return timing.append(", fuel;desc=\"").append(stats.fuelUsed()).append('"').toString();
    }

    /** Nanoseconds as milliseconds with three decimals, rounded half up, as %.3f would. */
    private static void appendMillis(StringBuilder timing, long nanos) {
        long micros = (Math.max(nanos, 0) + 500) / 1000;
        long fraction = micros % 1000;
        timing.append(micros / 1000).append('.');
        if (fraction < 100) {
            timing.append(fraction < 10 ? "00" : "0");
        }
        timing.append(fraction);
    }

    private static GuestRequest guestRequest(HttpServerExchange exchange, byte[] body) {
        String query = exchange.getQueryString();
        String url = exchange.getRequestURL() + (query.isEmpty() ? "" : "?" + query);
        return new GuestRequest(
                exchange.getRequestMethod().toString(), url, RequestLimitsHandler.checkedHeaders(exchange), body);
    }
}

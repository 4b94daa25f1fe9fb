package dev.edgehost.host.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.guest.FunctionLog;
import dev.edgehost.host.guest.GuestRequest;
import dev.edgehost.host.guest.GuestResponse;
import dev.edgehost.host.runtime.Deployment;
import dev.edgehost.host.runtime.EdgeRuntime;
import dev.edgehost.host.runtime.InvocationStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the guest for a request on a bounded worker pool, never on an IO thread. Admission is
 * bounded too: when every worker is busy and the wait queue is full, the request is answered
 * {@code 503 overloaded} at once instead of piling up.
 */
final class GuestHandler implements HttpHandler {
    private static final HttpString SERVER_TIMING = new HttpString("server-timing");
    /** One line per request: request id, function, status, fuel used, and the error code if any. */
    private static final Logger ACCESS = LoggerFactory.getLogger("edge.access");

    private final EdgeRuntime runtime;
    private final ExecutorService workers;
    private final Semaphore admission;

    GuestHandler(EdgeRuntime runtime, ExecutorService workers, int maxAdmitted) {
        this.runtime = runtime;
        this.workers = workers;
        this.admission = new Semaphore(maxAdmitted);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!admission.tryAcquire()) {
            ErrorResponder.send(exchange, HttpError.OVERLOADED, "every worker is busy; try again later");
            return;
        }
        exchange.dispatch(
                workers,
                () -> {
                    try {
                        run(exchange);
                    } catch (RuntimeException | StackOverflowError e) {
                        ErrorResponder.send(exchange, e);
                    } finally {
                        admission.release();
                    }
                });
    }

    private void run(HttpServerExchange exchange) {
        Deployment deployment = FunctionRoutingHandler.deployment(exchange);
        String requestId = RequestIdHandler.requestId(exchange);
        InvocationStats stats = new InvocationStats();
        GuestResponse response;
        try {
            response =
                    runtime.invoke(
                            deployment, guestRequest(exchange), requestId, new FunctionLog(deployment.name(), requestId), stats);
        } catch (EdgeException e) {
            exchange.getResponseHeaders().put(SERVER_TIMING, serverTiming(stats));
            ErrorResponder.send(exchange, e);
            ACCESS.info("{} {} {} fuel={} error={}", requestId, deployment.name(), e.error().status(), stats.fuelUsed(), e.error().code());
            return;
        }
        exchange.setStatusCode(response.status());
        for (Map.Entry<String, String> header : response.headers()) {
            exchange.getResponseHeaders().add(new HttpString(header.getKey()), header.getValue());
        }
        exchange.getResponseHeaders().put(SERVER_TIMING, serverTiming(stats));
        exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
        ACCESS.info("{} {} {} fuel={}", requestId, deployment.name(), response.status(), stats.fuelUsed());
    }

    /** Instantiation and execution time in milliseconds, and the fuel used, for browser dev tools. */
    private static String serverTiming(InvocationStats stats) {
        return String.format(
                Locale.ROOT,
                "instantiate;dur=%.3f, execute;dur=%.3f, fuel;desc=\"%d\"",
                stats.instantiateNanos() / 1e6,
                stats.executeNanos() / 1e6,
                stats.fuelUsed());
    }

    private static GuestRequest guestRequest(HttpServerExchange exchange) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                headers.add(Map.entry(values.getHeaderName().toString(), value));
            }
        }
        String query = exchange.getQueryString();
        String url = exchange.getRequestURL() + (query.isEmpty() ? "" : "?" + query);
        return new GuestRequest(
                exchange.getRequestMethod().toString(), url, headers, BodyReadingHandler.body(exchange));
    }
}

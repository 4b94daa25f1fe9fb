package dev.edgehost.host.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.guest.FunctionLog;
import dev.edgehost.host.guest.GuestRequest;
import dev.edgehost.host.guest.GuestResponse;
import dev.edgehost.host.runtime.Deployment;
import dev.edgehost.host.runtime.EdgeRuntime;
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

/**
 * Runs the guest for a request on a bounded worker pool, never on an IO thread. Admission is
 * bounded too: when every worker is busy and the wait queue is full, the request is answered
 * {@code 503 overloaded} at once instead of piling up.
 */
final class GuestHandler implements HttpHandler {
    private static final HttpString SERVER_TIMING = new HttpString("server-timing");

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
        long start = System.nanoTime();
        GuestResponse response =
                runtime.invoke(deployment, guestRequest(exchange), new FunctionLog(deployment.name(), requestId));
        double millis = (System.nanoTime() - start) / 1e6;
        exchange.setStatusCode(response.status());
        for (Map.Entry<String, String> header : response.headers()) {
            exchange.getResponseHeaders().add(new HttpString(header.getKey()), header.getValue());
        }
        exchange.getResponseHeaders().put(SERVER_TIMING, String.format(Locale.ROOT, "wasm;dur=%.3f", millis));
        exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
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

package dev.edgehost.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Counts every admin API call by method and status once it is answered, refused ones included. */
final class AdminCallCounter implements HttpHandler {
    private final HostMetrics metrics;
    private final HttpHandler next;

    AdminCallCounter(HostMetrics metrics, HttpHandler next) {
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(
                (done, nextListener) -> {
                    metrics.adminCall(done.getRequestMethod().toString(), done.getStatusCode());
                    nextListener.proceed();
                });
        next.handleRequest(exchange);
    }
}

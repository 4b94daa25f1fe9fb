package dev.edgehost.host.server;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FunctionLimits;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses requests over the function's header and body limits before any byte of the body is
 * read or any guest code runs: {@code 431} for headers, {@code 413} for a declared body length.
 */
final class RequestLimitsHandler implements HttpHandler {
    private final HttpHandler next;

    RequestLimitsHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        FunctionLimits limits = FunctionRoutingHandler.deployment(exchange).settings().limits();
        try {
            RequestLimits.checkHeaders(limits, headers(exchange));
            RequestLimits.checkBody(limits, exchange.getRequestContentLength());
        } catch (EdgeException e) {
            // An unread body may follow; the connection cannot carry another request safely.
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            ErrorResponder.send(exchange, e);
            return;
        }
        next.handleRequest(exchange);
    }

    /** The request's headers, one entry per value. */
    static List<Map.Entry<String, String>> headers(HttpServerExchange exchange) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                headers.add(Map.entry(values.getHeaderName().toString(), value));
            }
        }
        return headers;
    }
}

package dev.edgehost.server;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.execution.RequestLimits;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
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
    @SuppressWarnings("unchecked")
    private static final AttachmentKey<List<Map.Entry<String, String>>> HEADERS =
            (AttachmentKey<List<Map.Entry<String, String>>>) (AttachmentKey<?>) AttachmentKey.create(List.class);

    private final HttpHandler next;

    RequestLimitsHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        FunctionLimits limits = FunctionRoutingHandler.deployment(exchange).settings().limits();
        try {
            List<Map.Entry<String, String>> headers = headers(exchange);
            RequestLimits.checkHeaders(limits, headers);
            exchange.putAttachment(HEADERS, headers);
            RequestLimits.checkBody(limits, exchange.getRequestContentLength());
        } catch (EdgeException e) {
            // An unread body may follow; the connection cannot carry another request safely.
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            ErrorResponder.send(exchange, e);
            return;
        }
        next.handleRequest(exchange);
    }

    /** The headers collected for the limit check, kept so the guest's request reuses them. */
    static List<Map.Entry<String, String>> checkedHeaders(HttpServerExchange exchange) {
        return exchange.getAttachment(HEADERS);
    }

    /** The request's headers, one entry per value. */
    private static List<Map.Entry<String, String>> headers(HttpServerExchange exchange) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                headers.add(Map.entry(values.getHeaderName().toString(), value));
            }
        }
        return headers;
    }
}

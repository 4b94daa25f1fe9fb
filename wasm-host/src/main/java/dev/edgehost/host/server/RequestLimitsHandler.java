package dev.edgehost.host.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionLimits;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

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
        int count = 0;
        long bytes = 0;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                count++;
                bytes += values.getHeaderName().length() + value.length();
            }
        }
        if (count > limits.maxRequestHeaders() || bytes > limits.maxRequestHeaderBytes()) {
            ErrorResponder.send(
                    exchange,
                    HttpError.HEADERS_TOO_LARGE,
                    "the request has " + count + " headers of " + bytes + " bytes; the function accepts at most "
                            + limits.maxRequestHeaders() + " headers of " + limits.maxRequestHeaderBytes() + " bytes");
            return;
        }
        long declared = exchange.getRequestContentLength();
        if (declared > limits.maxRequestBodyBytes()) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            ErrorResponder.send(exchange, HttpError.REQUEST_TOO_LARGE, bodyTooLarge(limits));
            return;
        }
        next.handleRequest(exchange);
    }

    static String bodyTooLarge(FunctionLimits limits) {
        return "the request body is larger than the function's limit of " + limits.maxRequestBodyBytes() + " bytes";
    }
}

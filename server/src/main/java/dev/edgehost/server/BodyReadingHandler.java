package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.execution.RequestLimits;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;

/**
 * Reads the whole request body without blocking, on the IO thread, up to the function's limit; a
 * slow client therefore never holds a worker. A body that turns out larger than the limit (no or
 * a false length) gets {@code 413} and the connection is closed.
 */
final class BodyReadingHandler implements HttpHandler {
    private static final AttachmentKey<byte[]> KEY = AttachmentKey.create(byte[].class);

    private final HttpHandler next;

    BodyReadingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        FunctionLimits limits = FunctionRoutingHandler.deployment(exchange).settings().limits();
        exchange.setMaxEntitySize(limits.maxRequestBodyBytes());
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize((int) limits.maxRequestBodyBytes());
        receiver.receiveFullBytes(
                (ex, body) -> {
                    ex.putAttachment(KEY, body);
                    try {
                        next.handleRequest(ex);
                    } catch (Exception e) {
                        ErrorResponder.send(ex, e);
                    }
                },
                (ex, error) -> onReadError(ex, error, limits));
    }

    private static void onReadError(HttpServerExchange exchange, IOException error, FunctionLimits limits) {
        if (error instanceof RequestTooBigException || error instanceof Receiver.RequestToLargeException) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            ErrorResponder.send(exchange, HttpError.REQUEST_TOO_LARGE, RequestLimits.bodyTooLarge(limits));
        } else {
            // The client went away or broke the protocol: there is nobody to answer.
            exchange.setPersistent(false);
            exchange.endExchange();
        }
    }

    static byte[] body(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }
}

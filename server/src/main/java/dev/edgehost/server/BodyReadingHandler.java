package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.execution.RequestLimits;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * Reads the whole request body without blocking, on the IO thread, up to the function's limit, in
 * buffers that grow with the bytes that arrive; a slow client therefore never holds a worker, and
 * a declared length costs nothing until the bytes come. A body that turns out larger than the
 * limit (no or a false length) gets {@code 413} and the connection is closed.
 */
final class BodyReadingHandler implements HttpHandler {
    private static final AttachmentKey<byte[]> KEY = AttachmentKey.create(byte[].class);

    private final HttpHandler next;

    BodyReadingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        FunctionLimits limits = FunctionRoutingHandler.deployment(exchange).settings().limits();
        exchange.setMaxEntitySize(limits.maxRequestBodyBytes());
        BodyReceiver.receive(
                exchange,
                limits.maxRequestBodyBytes(),
                (ex, body) -> {
                    if (body == null) {
                        ex.getResponseHeaders().put(Headers.CONNECTION, "close");
                        ErrorResponder.send(ex, HttpError.REQUEST_TOO_LARGE, RequestLimits.bodyTooLarge(limits));
                        return;
                    }
                    ex.putAttachment(KEY, body);
                    try {
                        next.handleRequest(ex);
                    } catch (Exception e) {
                        ErrorResponder.send(ex, e);
                    }
                });
    }

    static byte[] body(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }
}

package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.capability.ArrivingBody;
import dev.edgehost.host.execution.RequestLimits;
import dev.edgehost.host.registry.Deployment;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * Reads the request body without blocking, on the IO thread, up to the function's limit, in
 * buffers that grow with the bytes that arrive; a slow client therefore never holds a worker, and
 * a declared length costs nothing until the bytes come. A body that turns out larger than the
 * limit (no or a false length) gets {@code 413} and the connection is closed. A function in
 * handler mode gets a body larger than {@link BodyStreamReceiver#STREAM_AFTER} as it arrives
 * ({@link BodyStreamReceiver}); a CGI program always gets it whole.
 */
final class BodyReadingHandler implements HttpHandler {
    private static final AttachmentKey<byte[]> KEY = AttachmentKey.create(byte[].class);
    private static final AttachmentKey<ArrivingBody> STREAM = AttachmentKey.create(ArrivingBody.class);
    private static final AttachmentKey<BodyStreamReceiver> RECEIVER = AttachmentKey.create(BodyStreamReceiver.class);

    private final HttpHandler next;

    BodyReadingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Deployment deployment = FunctionRoutingHandler.deployment(exchange);
        FunctionLimits limits = deployment.settings().limits();
        exchange.setMaxEntitySize(limits.maxRequestBodyBytes());
        // A CGI program is told the body's length before it starts (CONTENT_LENGTH): it gets it whole.
        if (deployment.mode() != FunctionMode.CGI && limits.maxRequestBodyBytes() > BodyStreamReceiver.STREAM_AFTER) {
            BodyStreamReceiver receiver =
                    BodyStreamReceiver.receive(
                            exchange,
                            limits.maxRequestBodyBytes(),
                            RequestLimits.bodyTooLarge(limits),
                            (ex, body, stream) -> {
                                ex.putAttachment(KEY, body != null ? body : new byte[0]);
                                if (stream != null) {
                                    ex.putAttachment(STREAM, stream);
                                }
                                next(ex);
                            });
            if (receiver != null) {
                exchange.putAttachment(RECEIVER, receiver);
            }
            return;
        }
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
                    next(ex);
                });
    }

    private void next(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            ErrorResponder.send(exchange, e);
        }
    }

    static byte[] body(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    /** The body arriving while the guest runs, or {@code null} when it was read whole first. */
    static ArrivingBody stream(HttpServerExchange exchange) {
        return exchange.getAttachment(STREAM);
    }

    /**
     * Stops reading a body that is still arriving, once the answer is on its way: the rest is never
     * read, and the connection closes after the answer. On the IO thread.
     */
    static void stopReading(HttpServerExchange exchange) {
        BodyStreamReceiver receiver = exchange.getAttachment(RECEIVER);
        if (receiver != null) {
            receiver.stop();
        }
    }
}

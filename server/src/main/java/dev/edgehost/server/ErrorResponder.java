package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.HostFailureException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP responses: status and stable code from {@link HttpError}, a
 * JSON body {@code {"error", "message", "requestId"}} (ABI spec §9).
 */
final class ErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private ErrorResponder() {}

    /** Answers with the error a failure maps to; unexpected failures become {@code internal_error}. */
    static void send(HttpServerExchange exchange, Throwable failure) {
        if (failure instanceof EdgeException) {
            send(exchange, (EdgeException) failure);
        } else {
            LOG.error("request {} failed inside the host", RequestIdHandler.requestId(exchange), failure);
            send(exchange, new HostFailureException("the host failed to handle the request", failure));
        }
    }

    static void send(HttpServerExchange exchange, HttpError error, String message) {
        send(exchange, new HostAnswer(error, message));
    }

    private static void send(HttpServerExchange exchange, EdgeException failure) {
        if (exchange.isResponseStarted()) {
            // Too late for a status; the client sees a cut-off response instead.
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(failure.error().status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (failure.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, failure.retryAfterSeconds());
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(failure.responseBody(RequestIdHandler.requestId(exchange))));
    }

    /** An answer of the server's own (an unknown admin path, say) in the shape of every failure. */
    private static final class HostAnswer extends EdgeException {
        private static final long serialVersionUID = 1L;

        HostAnswer(HttpError error, String message) {
            super(error, message, null);
        }
    }
}

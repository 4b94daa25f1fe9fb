package dev.edgehost.host.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeException;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponder() {}

    /** Answers with the error a failure maps to; unexpected failures become {@code internal_error}. */
    static void send(HttpServerExchange exchange, Throwable failure) {
        if (failure instanceof EdgeException) {
            EdgeException edge = (EdgeException) failure;
            send(exchange, edge.error(), edge.getMessage());
        } else {
            LOG.error("request {} failed inside the host", RequestIdHandler.requestId(exchange), failure);
            send(exchange, HttpError.INTERNAL_ERROR, "the host failed to handle the request");
        }
    }

    static void send(HttpServerExchange exchange, HttpError error, String message) {
        if (exchange.isResponseStarted()) {
            // Too late for a status; the client sees a cut-off response instead.
            exchange.endExchange();
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error.code());
        body.put("message", message);
        body.put("requestId", RequestIdHandler.requestId(exchange));
        exchange.setStatusCode(error.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        try {
            exchange.getResponseSender().send(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }
}

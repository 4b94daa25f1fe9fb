package dev.edgehost.server;

import dev.edgehost.host.EdgeRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;

/**
 * Gives every request an id and every response an {@code x-request-id} header. A well-formed id
 * from a proxy in front is kept so that logs line up across hops; anything else is replaced.
 */
final class RequestIdHandler implements HttpHandler {
    static final HttpString HEADER = new HttpString("x-request-id");
    private static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);

    private final HttpHandler next;

    RequestIdHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String id = EdgeRequest.requestIdFor(exchange.getRequestHeaders().getFirst(HEADER));
        exchange.putAttachment(KEY, id);
        exchange.getResponseHeaders().put(HEADER, id);
        next.handleRequest(exchange);
    }

    static String requestId(HttpServerExchange exchange) {
        String id = exchange.getAttachment(KEY);
        return id == null ? "" : id;
    }
}

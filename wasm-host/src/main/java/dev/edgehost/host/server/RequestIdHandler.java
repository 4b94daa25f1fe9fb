package dev.edgehost.host.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives every request an id and every response an {@code x-request-id} header. A well-formed id
 * from a proxy in front is kept so that logs line up across hops; anything else is replaced.
 */
final class RequestIdHandler implements HttpHandler {
    static final HttpString HEADER = new HttpString("x-request-id");
    private static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpHandler next;

    RequestIdHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String incoming = exchange.getRequestHeaders().getFirst(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : newId();
        exchange.putAttachment(KEY, id);
        exchange.getResponseHeaders().put(HEADER, id);
        next.handleRequest(exchange);
    }

    static String requestId(HttpServerExchange exchange) {
        String id = exchange.getAttachment(KEY);
        return id == null ? "" : id;
    }

    static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets an admin request through only with {@code Authorization: Bearer <token>}. */
final class AdminAuthHandler implements HttpHandler {
    private static final String PREFIX = "Bearer ";

    private final byte[] token;
    private final HttpHandler next;

    AdminAuthHandler(String token, HttpHandler next) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        boolean valid =
                authorization != null
                        && authorization.startsWith(PREFIX)
                        // Constant time, so the token cannot be guessed byte by byte from timings.
                        && MessageDigest.isEqual(
                                token, authorization.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            ErrorResponder.send(exchange, HttpError.UNAUTHORIZED, "the admin API needs a valid bearer token");
            return;
        }
        AdminCaller.authenticated(exchange);
        next.handleRequest(exchange);
    }
}

package dev.edgehost.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Who makes an admin call, as a version records it ({@code deployedBy}). The host has one admin
 * token and no labels for it, so the caller is told by how it was let in and from where:
 * {@code admin token from ADDRESS}, or {@code admin API from ADDRESS} on a host without a token.
 */
final class AdminCaller {
    private static final AttachmentKey<Boolean> TOKEN = AttachmentKey.create(Boolean.class);

    private AdminCaller() {}

    /** Notes that the call showed the admin token; {@link AdminAuthHandler} calls it. */
    static void authenticated(HttpServerExchange exchange) {
        exchange.putAttachment(TOKEN, Boolean.TRUE);
    }

    static String of(HttpServerExchange exchange) {
        String address = exchange.getSourceAddress() == null || exchange.getSourceAddress().getAddress() == null
                ? "unknown"
                : exchange.getSourceAddress().getAddress().getHostAddress();
        return (exchange.getAttachment(TOKEN) != null ? "admin token from " : "admin API from ") + address;
    }
}

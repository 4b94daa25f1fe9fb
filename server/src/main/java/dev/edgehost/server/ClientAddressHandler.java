package dev.edgehost.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides who the client is before the guest sees the request: the connection's peer, or the
 * first untrusted hop of {@code Forwarded} (RFC 7239; preferred when present) or else
 * {@code X-Forwarded-For}, when the peer is one of the {@link TrustedProxies}.
 */
final class ClientAddressHandler implements HttpHandler {
    private static final AttachmentKey<String> CLIENT = AttachmentKey.create(String.class);

    private final TrustedProxies trusted;
    private final HttpHandler next;

    ClientAddressHandler(TrustedProxies trusted, HttpHandler next) {
        this.trusted = trusted;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetSocketAddress source = exchange.getSourceAddress();
        InetAddress peer = source == null ? null : source.getAddress();
        if (peer != null) {
            InetAddress client = trusted.isEmpty() || !trusted.trusts(peer) ? peer : trusted.client(peer, hops(exchange));
            exchange.putAttachment(CLIENT, client.getHostAddress());
        }
        next.handleRequest(exchange);
    }

    /** The client's address as decided, or empty when the connection has no peer address. */
    static String client(HttpServerExchange exchange) {
        String client = exchange.getAttachment(CLIENT);
        return client == null ? "" : client;
    }

    private static List<String> hops(HttpServerExchange exchange) {
        HeaderValues forwarded = exchange.getRequestHeaders().get(Headers.FORWARDED);
        List<String> hops = new ArrayList<>();
        if (forwarded != null) {
            for (String line : forwarded) {
                for (String element : line.split(",")) {
                    hops.add(forwardedFor(element));
                }
            }
            return hops;
        }
        HeaderValues forwardedFor = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
        if (forwardedFor != null) {
            for (String line : forwardedFor) {
                for (String hop : line.split(",")) {
                    hops.add(hop.strip());
                }
            }
        }
        return hops;
    }

    /** The {@code for} of one {@code Forwarded} element, unquoted, without brackets or port; empty when absent. */
    static String forwardedFor(String element) {
        for (String pair : element.split(";")) {
            String[] parts = pair.strip().split("=", 2);
            if (parts.length == 2 && parts[0].strip().equalsIgnoreCase("for")) {
                String value = parts[1].strip();
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                if (value.startsWith("[")) {
                    int close = value.indexOf(']');
                    return close < 0 ? "" : value.substring(1, close);
                }
                int colon = value.indexOf(':');
                return colon < 0 ? value : value.substring(0, colon);
            }
        }
        return "";
    }
}

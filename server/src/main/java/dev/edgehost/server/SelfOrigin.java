package dev.edgehost.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** The origin at which the host's own public listener is reached from the host itself. */
final class SelfOrigin {
    private SelfOrigin() {}

    /** Whether the text is an origin: {@code scheme://host[:port]}, scheme http or https, nothing more. */
    static boolean isOrigin(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && (path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * {@code http://127.0.0.1:PORT} for a listener on every address, else the listener's own
     * address ({@code http://[::1]:PORT} for an IPv6 one).
     */
    static String of(String listenerHost, int port) {
        String host = listenerHost;
        try {
            InetAddress address = InetAddress.getByName(listenerHost);
            if (address.isAnyLocalAddress()) {
                host = "127.0.0.1";
            } else if (address instanceof Inet6Address && !listenerHost.startsWith("[")) {
                host = "[" + listenerHost + "]";
            }
        } catch (UnknownHostException e) {
            // A name the listener was bound by resolves; kept as it is otherwise.
        }
        return "http://" + host + ":" + port;
    }
}

package dev.edgehost.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The origin at which the host's own public listener is reached from the host itself. */
final class SelfOrigin {
    private SelfOrigin() {}

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

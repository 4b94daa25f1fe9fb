package dev.edgehost.host.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The resolver the fetch client's connections use: a name is resolved once, here, when a
 * connection to it is opened, and the connection goes to the addresses this answer gave. Unless it
 * serves hosts an allow-list entry names exactly, an answer with a non-public address is refused
 * before anything connects, so a name whose answer changes (DNS rebinding) cannot reach a refused
 * address between a check and the connection. Thread-safe: stateless beyond its resolver.
 */
final class PinnedResolver implements DnsResolver {
    private final HostResolver resolver;
    private final boolean privateAllowed;

    /** A name resolves to a non-public address and the allow-list does not name it exactly. */
    static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String host) {
            super(host + " resolves to a non-public address");
        }
    }

    /** @param privateAllowed whether the hosts this resolver serves are named exactly by the allow-list */
    PinnedResolver(HostResolver resolver, boolean privateAllowed) {
        this.resolver = resolver;
        this.privateAllowed = privateAllowed;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!privateAllowed) {
            for (InetAddress address : addresses) {
                if (AddressPolicy.isRefused(address)) {
                    throw new RefusedAddressException(host);
                }
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}

package dev.edgehost.host.spi;

import java.net.URI;

/**
 * Opens a {@link Backend} for the URIs of its scheme; found with {@link java.util.ServiceLoader},
 * so that a backend's client library (Redis's, say) is on the class path only of hosts that use
 * it. Implementations are stateless and thread-safe.
 */
public interface BackendProvider {

    /** Whether this provider opens URIs of that scheme, e.g. {@code redis}. */
    boolean supports(String scheme);

    /**
     * A connected backend.
     *
     * @throws dev.edgehost.host.StorageException when it cannot be reached or used
     */
    Backend open(URI uri);

    /**
     * A connected backend that honours the host's options, such as the key-value timeout; a
     * provider without options to honour need not override it.
     *
     * @throws dev.edgehost.host.StorageException when it cannot be reached or used
     */
    default Backend open(URI uri, BackendOptions options) {
        return open(uri);
    }
}

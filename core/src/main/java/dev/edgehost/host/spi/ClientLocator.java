package dev.edgehost.host.spi;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Where a client address is: the host asks once per address (it caches the answers) and gives
 * guests what it learns as host-owned request headers ({@code x-edge-geo-country} and the others,
 * ABI spec §4.6). {@code edge-geoip} implements it over MaxMind databases.
 *
 * <p>Implementations must be thread-safe: requests on several workers ask at once.
 */
public interface ClientLocator extends AutoCloseable {
    /** The address's location, or empty when the database has none for it. Must not throw for an address it does not know. */
    Optional<ClientLocation> locate(InetAddress address);

    /** Releases the database; the host calls it when it closes. */
    @Override
    default void close() {}
}

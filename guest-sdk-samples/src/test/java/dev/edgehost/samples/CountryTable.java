package dev.edgehost.samples;

import dev.edgehost.host.spi.ClientLocation;
import dev.edgehost.host.spi.ClientLocator;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * A client locator over a fixed table of addresses (from the documentation ranges of RFC 5737)
 * and their countries, in the place of a GeoIP database. Immutable and thread-safe.
 */
final class CountryTable implements ClientLocator {
    static final String GERMANY = "192.0.2.1";
    static final String JAPAN = "192.0.2.2";
    static final String FRANCE = "192.0.2.3";
    static final String BRITAIN = "192.0.2.4";
    static final String UNITED_STATES = "192.0.2.5";
    static final String NOWHERE_KNOWN = "192.0.2.6";
    static final String UNLISTED_COUNTRY = "192.0.2.7";
    /** An address the table does not know. */
    static final String UNKNOWN = "198.51.100.1";

    private static final Map<String, String> COUNTRIES = Map.of(
            GERMANY, "DE", JAPAN, "JP", FRANCE, "FR", BRITAIN, "GB", UNITED_STATES, "US", UNLISTED_COUNTRY, "ZZ");

    @Override
    public Optional<ClientLocation> locate(InetAddress address) {
        if (address.getHostAddress().equals(NOWHERE_KNOWN)) {
            // Known to the database, but without a country.
            return Optional.of(new ClientLocation(null, null, "Somewhere", null, null, null, null));
        }
        return Optional.ofNullable(COUNTRIES.get(address.getHostAddress()))
                .map(country -> new ClientLocation(country, null, null, null, null, null, null));
    }
}

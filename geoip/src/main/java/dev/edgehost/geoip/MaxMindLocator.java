package dev.edgehost.geoip;

import com.maxmind.db.Reader;
import dev.edgehost.host.spi.ClientLocation;
import dev.edgehost.host.spi.ClientLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client locations from MaxMind databases in the MaxMind DB format: a GeoIP2 or GeoLite2 City or
 * Country database, and optionally an ASN database. Files are memory-mapped, not read whole.
 *
 * <pre>{@code
 * EdgeHost.builder().clientLocator(MaxMindLocator.open(Path.of("GeoLite2-City.mmdb"), null))
 * }</pre>
 *
 * <p>Thread-safe: MaxMind's reader serves concurrent lookups.
 */
public final class MaxMindLocator implements ClientLocator {
    private final Reader location;
    private final Reader asn;

    private MaxMindLocator(Reader location, Reader asn) {
        this.location = location;
        this.asn = asn;
    }

    /**
     * Opens the databases.
     *
     * @param locationDatabase a City or Country database
     * @param asnDatabase an ASN database, or {@code null}
     * @throws IllegalArgumentException when a file is missing or is not a MaxMind database of that kind
     */
    public static MaxMindLocator open(Path locationDatabase, Path asnDatabase) {
        Reader location = reader(locationDatabase, "City", "Country");
        Reader asn = null;
        try {
            asn = asnDatabase == null ? null : reader(asnDatabase, "ASN");
        } catch (RuntimeException e) {
            close(location);
            throw e;
        }
        return new MaxMindLocator(location, asn);
    }

    private static Reader reader(Path file, String... kinds) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        Reader reader;
        try {
            reader = new Reader(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a MaxMind database: " + e.getMessage(), e);
        }
        String type = reader.getMetadata().getDatabaseType();
        for (String kind : kinds) {
            if (type.endsWith(kind)) {
                return reader;
            }
        }
        close(reader);
        throw new IllegalArgumentException(file + " is a " + type + " database, not " + String.join(" or ", kinds));
    }

    @Override
    public Optional<ClientLocation> locate(InetAddress address) {
        Map<String, Object> place = lookup(location, address);
        Map<String, Object> network = asn == null ? null : lookup(asn, address);
        if (place == null && network == null) {
            return Optional.empty();
        }
        Map<String, Object> country = map(place, "country");
        List<?> subdivisions = place == null ? null : place.get("subdivisions") instanceof List<?> list ? list : null;
        Map<String, Object> region = subdivisions == null || subdivisions.isEmpty() ? null : asMap(subdivisions.get(0));
        Map<String, Object> where = map(place, "location");
        Object asnNumber = network == null ? null : network.get("autonomous_system_number");
        return Optional.of(new ClientLocation(
                string(country, "iso_code"),
                string(region, "iso_code"),
                string(map(map(place, "city"), "names"), "en"),
                number(where, "latitude"),
                number(where, "longitude"),
                string(where, "time_zone"),
                asnNumber instanceof Number n ? n.longValue() : null));
    }

    /** The record of an address, or {@code null}; an IPv6 address in an IPv4 database has none. */
    private static Map<String, Object> lookup(Reader reader, InetAddress address) {
        try {
            return asMap(reader.get(address, Map.class));
        } catch (IllegalArgumentException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("the MaxMind database cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent == null ? null : asMap(parent.get(key));
    }

    private static String string(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof String text ? text : null;
    }

    private static Double number(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    @Override
    public void close() {
        close(location);
        if (asn != null) {
            close(asn);
        }
    }

    private static void close(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the MaxMind database does not close", e);
        }
    }
}

package dev.edgehost.host.execution;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.spi.ClientLocation;
import dev.edgehost.host.spi.ClientLocator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request headers only the host sets (ABI spec §4.6): every incoming header whose name begins
 * with {@code x-edge-} is removed, so a client can never forge one, then {@code x-edge-client-ip}
 * names the client's address and, with a {@link ClientLocator}, {@code x-edge-geo-*} and
 * {@code x-edge-asn} say where it is. Locations are cached per address. Thread-safe.
 */
final class HostOwnedHeaders {
    static final String PREFIX = "x-edge-";
    static final String CLIENT_IP = "x-edge-client-ip";

    private final ClientLocator locator;
    private final Cache<String, Optional<ClientLocation>> locations =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    /** @param locator where addresses are, or {@code null} for no geolocation */
    HostOwnedHeaders(ClientLocator locator) {
        this.locator = locator;
    }

    /** The request with the host-owned headers in place of any the client sent. */
    GuestRequest apply(GuestRequest request) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headerFields()) {
            if (!header.getKey().toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                headers.add(header);
            }
        }
        String address = request.remoteAddress();
        if (!address.isEmpty()) {
            add(headers, CLIENT_IP, address);
            if (locator != null) {
                locations.get(address, this::locate).ifPresent(location -> addLocation(headers, location));
            }
        }
        return request.withHeaderFields(headers);
    }

    private Optional<ClientLocation> locate(String address) {
        try {
            // A literal address: no name is resolved.
            return locator.locate(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static void addLocation(List<Map.Entry<String, String>> headers, ClientLocation location) {
        add(headers, "x-edge-geo-country", location.country());
        add(headers, "x-edge-geo-region", location.region());
        add(headers, "x-edge-geo-city", location.city());
        add(headers, "x-edge-geo-latitude", location.latitude() == null ? null : location.latitude().toString());
        add(headers, "x-edge-geo-longitude", location.longitude() == null ? null : location.longitude().toString());
        add(headers, "x-edge-geo-timezone", location.timeZone());
        add(headers, "x-edge-asn", location.asn() == null ? null : location.asn().toString());
    }

    private static void add(List<Map.Entry<String, String>> headers, String name, String value) {
        if (value != null && !value.isEmpty()) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
    }
}

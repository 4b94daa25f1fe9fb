package dev.edgehost.host.registry;

import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.spi.Traffic;
import dev.edgehost.host.spi.TrafficKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the version one request runs on: the first rule whose header matches pins it; otherwise
 * the split decides, by a bucket from 0 to 9999 that is the SHA-256 of the function's name and
 * the request's sticky key (so a key lands on the same version on every host and after every
 * restart), or a random bucket for a request without one. Immutable, so thread-safe.
 */
final class TrafficRouter {
    static final int BUCKETS = 10_000;

    private final String function;
    private final Traffic traffic;
    /** Cumulative upper bounds of the split's shares, in buckets. */
    private final int[] bounds;

    TrafficRouter(String function, Traffic traffic) {
        this.function = function;
        this.traffic = traffic;
        this.bounds = new int[traffic.split().size()];
        int sum = 0;
        for (int i = 0; i < bounds.length; i++) {
            sum += traffic.split().get(i).percent() * (BUCKETS / 100);
            bounds[i] = sum;
        }
    }

    /** The version the request runs on. */
    int choose(GuestRequest request) {
        for (Traffic.Rule rule : traffic.rules()) {
            String value = request.header(rule.header().toLowerCase(Locale.ROOT));
            if (rule.equals().equals(value)) {
                return rule.version();
            }
        }
        if (bounds.length == 1) {
            return traffic.split().get(0).version();
        }
        String key = key(request);
        return versionAt(key == null ? ThreadLocalRandom.current().nextInt(BUCKETS) : bucket(function, key));
    }

    int versionAt(int bucket) {
        for (int i = 0; i < bounds.length; i++) {
            if (bucket < bounds[i]) {
                return traffic.split().get(i).version();
            }
        }
        return traffic.split().get(bounds.length - 1).version();
    }

    /** The request's sticky key, or {@code null} when there is no sticky setting or the request lacks the key. */
    private String key(GuestRequest request) {
        String sticky = traffic.sticky();
        if (sticky == null) {
            return null;
        }
        if (sticky.equals(TrafficKey.CLIENT_IP)) {
            // The host-owned client address: the peer, or the first untrusted hop behind trusted proxies.
            String address = request.remoteAddress();
            return address == null || address.isEmpty() ? null : address;
        }
        if (sticky.startsWith(TrafficKey.HEADER)) {
            String value = request.header(sticky.substring(TrafficKey.HEADER.length()).toLowerCase(Locale.ROOT));
            return value == null || value.isEmpty() ? null : value;
        }
        return cookie(request, sticky.substring(TrafficKey.COOKIE.length()));
    }

    private static String cookie(GuestRequest request, String name) {
        for (Map.Entry<String, String> header : request.headerFields()) {
            if (!header.getKey().equalsIgnoreCase("cookie")) {
                continue;
            }
            for (String pair : header.getValue().split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                    String value = pair.substring(equals + 1).trim();
                    return value.isEmpty() ? null : value;
                }
            }
        }
        return null;
    }

    /** The key's bucket for a function: the same on every host and in every run. */
    static int bucket(String function, String key) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha256.update(function.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(key.getBytes(StandardCharsets.UTF_8));
        long high = ByteBuffer.wrap(sha256.digest()).getLong();
        return (int) Long.remainderUnsigned(high, BUCKETS);
    }
}

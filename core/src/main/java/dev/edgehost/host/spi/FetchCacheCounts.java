package dev.edgehost.host.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the HTTP cache answered one request's fetches, by result as the guest reads them in the
 * {@code x-edge-cache} response header. Immutable.
 */
public record FetchCacheCounts(int hits, int misses, int revalidated, int stale, int bypassed) {
    /** No fetch answered. */
    public static final FetchCacheCounts NONE = new FetchCacheCounts(0, 0, 0, 0, 0);

    /** The counts by result name ({@code hit}, {@code miss}, {@code revalidated}, {@code stale}, {@code bypass}), in that order. */
    public Map<String, Integer> byResult() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("hit", hits);
        counts.put("miss", misses);
        counts.put("revalidated", revalidated);
        counts.put("stale", stale);
        counts.put("bypass", bypassed);
        return counts;
    }
}

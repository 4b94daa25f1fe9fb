package dev.edgehost.host.fetch;

import java.util.Locale;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.cache.HttpCacheContext;

/**
 * How the function's HTTP cache answered one fetch, as the guest reads it in the response header
 * {@value #HEADER} and the metrics count it.
 */
public enum CacheResult {
    /** Served from the cache; the origin was not asked. */
    HIT,
    /** The origin answered; its response may have been stored. */
    MISS,
    /** A stored response the origin confirmed with a conditional request (304). */
    REVALIDATED,
    /** A stale stored response, under {@code stale-while-revalidate} or {@code stale-if-error}. */
    STALE,
    /** The cache was not used: not GET or HEAD, the guest asked for none, or the function has it off. */
    BYPASS;

    /** The response header the host sets on every fetched response. */
    public static final String HEADER = "x-edge-cache";

    /** The context attribute where the exchange keeps the status its origin last answered. */
    static final String ORIGIN_STATUS = "edge.cache.origin-status";

    /** The value of {@link #HEADER}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the cache module did for an exchange, from its context once the response is in. */
    static CacheResult of(HttpCacheContext context) {
        CacheResponseStatus status = context.getCacheResponseStatus();
        if (status == null) {
            return MISS;
        }
        switch (status) {
            case CACHE_HIT:
                return HIT;
            case VALIDATED:
                // The module says validated when a conditional request was sent; only a 304 kept the stored response.
                return Integer.valueOf(304).equals(context.getAttribute(ORIGIN_STATUS)) ? REVALIDATED : MISS;
            case CACHE_MODULE_RESPONSE:
                // Stale content, or a response of the module's own (504 to only-if-cached) with no entry.
                return context.getCacheEntry() != null ? STALE : MISS;
            default:
                return MISS;
        }
    }
}

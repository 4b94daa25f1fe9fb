package dev.edgehost.host.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.Resource;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.cache.CacheConfig;
import org.apache.hc.client5.http.impl.cache.CachingHttpAsyncClients;
import org.apache.hc.core5.http.Header;

/**
 * The host's HTTP cache for guest fetches (RFC 9111, as a shared cache), kept by Apache's cache
 * module over a Caffeine cache bounded by weight: the bytes of all functions' stored responses
 * together stay within the host's budget, the least useful evicted first. Each function's
 * entries are kept in scopes of their own ({@link CacheStorage}), so that no function is ever
 * answered from another's. A response larger than the per-entry cap is streamed, not stored.
 * Thread-safe.
 */
public final class FetchCache {
    /** The default budget of all stored responses together: 64 MiB. */
    public static final long DEFAULT_BYTES = 64L << 20;
    /** The default largest response one entry holds: 1 MiB. */
    public static final long DEFAULT_ENTRY_BYTES = 1L << 20;
    /** The largest per-entry cap, so that an entry's weight fits Caffeine's int weights. */
    public static final long MAX_ENTRY_BYTES = 1L << 30;
    /** What an entry costs beyond its headers and body (the entry's objects, its key). */
    private static final int ENTRY_OVERHEAD = 256;

    private final Cache<CacheStorage.Key, HttpCacheEntry> entries;
    private final long maxEntryBytes;

    /**
     * @param totalBytes the budget of all stored responses together; 0 stores nothing
     * @param maxEntryBytes the largest response one entry holds (at most 1 GiB; no more than
     *     {@code totalBytes} is used); 0 stores nothing
     */
    public FetchCache(long totalBytes, long maxEntryBytes) {
        if (totalBytes < 0 || maxEntryBytes < 0 || maxEntryBytes > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException(
                    "the cache's bytes must not be negative, and an entry's at most " + MAX_ENTRY_BYTES + ": " + totalBytes + ", " + maxEntryBytes);
        }
        this.maxEntryBytes = Math.min(maxEntryBytes, totalBytes);
        this.entries =
                totalBytes == 0 || maxEntryBytes == 0
                        ? null
                        : Caffeine.newBuilder().maximumWeight(totalBytes).weigher(FetchCache::weigh).build();
    }

    /** The default budgets. */
    public static FetchCache defaults() {
        return new FetchCache(DEFAULT_BYTES, DEFAULT_ENTRY_BYTES);
    }

    /** A cache that stores nothing: every fetch goes to its origin. */
    public static FetchCache none() {
        return new FetchCache(0, 0);
    }

    /** Whether responses are stored at all. */
    boolean enabled() {
        return entries != null;
    }

    /** The weight of every stored response now, in bytes as {@link #weigh} counts them. */
    long storedBytes() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }

    /**
     * The builder of a client whose GET and HEAD exchanges go through the cache, in one scope.
     *
     * @param scope whose entries these are: a function and its address policy
     * @param maxResponseBytes the function's largest response, which caps what one entry holds
     */
    HttpAsyncClientBuilder builder(String scope, long maxResponseBytes) {
        if (entries == null) {
            return HttpAsyncClients.custom();
        }
        CacheConfig config =
                CacheConfig.custom()
                        .setSharedCache(true)
                        .setMaxObjectSize(Math.min(maxEntryBytes, maxResponseBytes))
                        .setStaleIfErrorEnabled(true)
                        .setHeuristicCachingEnabled(false)
                        .setAsynchronousWorkers(1)
                        .build();
        return CachingHttpAsyncClients.custom()
                .setHttpCacheStorage(new CacheStorage(entries, scope))
                .setCacheConfig(config)
                .addResponseInterceptorLast((response, entity, context) -> context.setAttribute(CacheResult.ORIGIN_STATUS, response.getCode()));
    }

    /**
     * The fast path of one scope's fresh hits ({@link FreshHits}), over the same entries the
     * scope's clients store; {@code null} when the cache stores nothing.
     */
    FreshHits freshHits(String scope) {
        return entries == null ? null : new FreshHits(new CacheStorage(entries, scope));
    }

    /** The scope of a function's entries, by whether the allow-list entry names the host exactly. */
    static String scope(String function, boolean privateAllowed) {
        return function + (privateAllowed ? " named" : " public");
    }

    /** An entry's bytes: its key, headers and body, and a fixed overhead. */
    private static int weigh(CacheStorage.Key key, HttpCacheEntry entry) {
        long bytes = ENTRY_OVERHEAD + 2L * (key.scope().length() + key.key().length());
        for (Header header : entry.getHeaders()) {
            bytes += 2L * (header.getName().length() + header.getValue().length());
        }
        Resource resource = entry.getResource();
        if (resource != null) {
            bytes += resource.length();
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }
}

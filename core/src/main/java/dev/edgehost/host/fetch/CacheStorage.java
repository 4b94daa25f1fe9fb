package dev.edgehost.host.fetch;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.hc.client5.http.cache.HttpCacheCASOperation;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.HttpCacheStorage;
import org.apache.hc.client5.http.cache.ResourceIOException;

/**
 * One cache scope's view of the host's fetch cache, as the RFC 9111 cache module stores entries:
 * every key it is given is kept under its scope (a function and its address policy), so that one
 * function's entries can never be read, replaced or evicted by name from another's. The entries
 * themselves live in one Caffeine cache bounded by weight ({@link FetchCache}). Thread-safe.
 */
final class CacheStorage implements HttpCacheStorage {
    private final Cache<Key, HttpCacheEntry> entries;
    private final String scope;

    /** An entry's key: the scope it belongs to, and the cache module's key within it. */
    record Key(String scope, String key) {}

    CacheStorage(Cache<Key, HttpCacheEntry> entries, String scope) {
        this.entries = entries;
        this.scope = scope;
    }

    @Override
    public void putEntry(String key, HttpCacheEntry entry) {
        entries.put(new Key(scope, key), entry);
    }

    @Override
    public HttpCacheEntry getEntry(String key) {
        return entries.getIfPresent(new Key(scope, key));
    }

    @Override
    public void removeEntry(String key) {
        entries.invalidate(new Key(scope, key));
    }

    @Override
    public void updateEntry(String key, HttpCacheCASOperation operation) throws ResourceIOException {
        try {
            entries.asMap().compute(new Key(scope, key), (k, existing) -> {
                try {
                    return operation.execute(existing);
                } catch (ResourceIOException e) {
                    throw new UpdateFailed(e);
                }
            });
        } catch (UpdateFailed e) {
            throw e.cause;
        }
    }

    @Override
    public Map<String, HttpCacheEntry> getEntries(Collection<String> keys) {
        Map<String, HttpCacheEntry> found = new HashMap<>();
        for (String key : keys) {
            HttpCacheEntry entry = getEntry(key);
            if (entry != null) {
                found.put(key, entry);
            }
        }
        return found;
    }

    /** Carries the cache module's checked failure out of Caffeine's compute. */
    private static final class UpdateFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ResourceIOException cause;

        UpdateFailed(ResourceIOException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}

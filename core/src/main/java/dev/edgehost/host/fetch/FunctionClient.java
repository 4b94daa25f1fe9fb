package dev.edgehost.host.fetch;

import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.io.CloseMode;

/**
 * One function's HTTP clients: every fetch of the function shares their connection pools. The
 * address policy differs by allow-list entry: one client for hosts an entry names exactly (their
 * private addresses allowed), one for hosts a wildcard entry matches (public addresses only); each
 * has its own cache scope, and, built only once a request forbids storing ({@code no-store}), a
 * twin without the cache. All are built on first use by {@link FetchClients}. Thread-safe.
 */
final class FunctionClient implements AutoCloseable {
    private final FetchClients.Factory factory;
    private final boolean cached;
    private final CachedExchanges namedExchanges;
    private final CachedExchanges publicExchanges;
    /** Named cached, public cached, named uncached, public uncached. */
    private final CloseableHttpAsyncClient[] clients = new CloseableHttpAsyncClient[4];

    /**
     * @param cached whether the clients the factory builds store responses
     * @param namedHits the fast path of fresh hits in the named hosts' scope, or {@code null} without the cache
     * @param publicHits that of the wildcard entries' scope
     */
    FunctionClient(FetchClients.Factory factory, boolean cached, FreshHits namedHits, FreshHits publicHits) {
        this.factory = factory;
        this.cached = cached;
        this.namedExchanges = new CachedExchanges(cached, namedHits);
        this.publicExchanges = new CachedExchanges(cached, publicHits);
    }

    /** Fetches served by the fast path of fresh hits so far, in both scopes. */
    long freshHitsServed() {
        return namedExchanges.freshHitsServed() + publicExchanges.freshHitsServed();
    }

    /**
     * Starts an exchange, through the function's cache where it applies; the consumer sees the
     * response (with the cache's answer in {@link CacheResult#HEADER}) and the future can cancel it.
     *
     * @param results told how the cache answered
     */
    <T> Future<T> execute(
            boolean explicit, HttpRequest request, AsyncEntityProducer body, AsyncResponseConsumer<T> response, Consumer<CacheResult> results) {
        CloseableHttpAsyncClient client = client(explicit, cached);
        return (explicit ? namedExchanges : publicExchanges)
                .execute(request, body, response, results, client::execute, () -> client(explicit, false)::execute);
    }

    private synchronized CloseableHttpAsyncClient client(boolean explicit, boolean withCache) {
        int index = (explicit ? 0 : 1) + (withCache ? 0 : 2);
        if (clients[index] == null) {
            clients[index] = factory.build(explicit, withCache);
        }
        return clients[index];
    }

    @Override
    public synchronized void close() {
        for (CloseableHttpAsyncClient client : clients) {
            if (client != null) {
                client.close(CloseMode.IMMEDIATE);
            }
        }
    }
}

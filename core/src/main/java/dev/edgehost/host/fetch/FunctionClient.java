package dev.edgehost.host.fetch;

import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.io.CloseMode;

/**
 * One function's HTTP clients: every fetch of the function shares their connection pools. There
 * are two, because the address policy differs by allow-list entry: one for hosts an entry names
 * exactly (their private addresses allowed), one for hosts a wildcard entry matches (public
 * addresses only); each has its own cache scope. Both are built on first use by {@link
 * FetchClients}. Thread-safe.
 */
final class FunctionClient implements AutoCloseable {
    private final FetchClients.Factory factory;
    private final CachedExchanges namedExchanges;
    private final CachedExchanges publicExchanges;
    private volatile CloseableHttpAsyncClient named;
    private volatile CloseableHttpAsyncClient publicOnly;

    /** @param cached whether the clients the factory builds store responses */
    FunctionClient(FetchClients.Factory factory, boolean cached) {
        this.factory = factory;
        this.namedExchanges = new CachedExchanges(cached);
        this.publicExchanges = new CachedExchanges(cached);
    }

    /**
     * Starts an exchange, through the function's cache where it applies; the consumer sees the
     * response (with the cache's answer in {@link CacheResult#HEADER}) and the future can cancel it.
     *
     * @param results told how the cache answered
     */
    <T> Future<T> execute(
            boolean explicit, HttpRequest request, AsyncEntityProducer body, AsyncResponseConsumer<T> response, Consumer<CacheResult> results) {
        CloseableHttpAsyncClient client = client(explicit);
        return (explicit ? namedExchanges : publicExchanges).execute(request, body, response, results, client::execute);
    }

    private CloseableHttpAsyncClient client(boolean explicit) {
        CloseableHttpAsyncClient client = explicit ? named : publicOnly;
        if (client != null) {
            return client;
        }
        synchronized (this) {
            if (explicit && named == null) {
                named = factory.build(true);
            } else if (!explicit && publicOnly == null) {
                publicOnly = factory.build(false);
            }
            return explicit ? named : publicOnly;
        }
    }

    @Override
    public synchronized void close() {
        for (CloseableHttpAsyncClient client : new CloseableHttpAsyncClient[] {named, publicOnly}) {
            if (client != null) {
                client.close(CloseMode.IMMEDIATE);
            }
        }
    }
}

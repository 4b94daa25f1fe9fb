package dev.edgehost.host.fetch;

import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.io.CloseMode;

/**
 * One function's HTTP clients: every fetch of the function shares their connection pools. There
 * are two, because the address policy differs by allow-list entry: one for hosts an entry names
 * exactly (their private addresses allowed), one for hosts a wildcard entry matches (public
 * addresses only). Both are built on first use by {@link FetchClients}. Thread-safe.
 */
final class FunctionClient implements AutoCloseable {
    private final FetchClients.Factory factory;
    private volatile CloseableHttpAsyncClient named;
    private volatile CloseableHttpAsyncClient publicOnly;

    FunctionClient(FetchClients.Factory factory) {
        this.factory = factory;
    }

    /** Starts an exchange; the consumer sees the response and the future can cancel it. */
    <T> Future<T> execute(boolean explicit, AsyncRequestProducer request, AsyncResponseConsumer<T> response) {
        return client(explicit).execute(request, response, null);
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

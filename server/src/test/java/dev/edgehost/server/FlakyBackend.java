package dev.edgehost.server;

import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.BackendHealth;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import java.util.List;
import java.util.function.Supplier;

/**
 * An in-memory backend that can be made unreachable: then every key-value call fails as a remote
 * store's would, and its health says so. For tests of readiness and the circuit breaker.
 */
final class FlakyBackend implements Backend {
    private final KvBackend store = MvStoreKvBackend.inMemory();
    private volatile boolean down;

    void down(boolean down) {
        this.down = down;
    }

    @Override
    public FunctionRepository functions() {
        return null;
    }

    private final KvBackend kv = new KvBackend() {
            @Override
            public byte[] get(String namespace, byte[] key) {
                return unlessDown(() -> store.get(namespace, key));
            }

            @Override
            public void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
                unlessDown(() -> {
                    store.set(namespace, key, value, ttlSeconds);
                    return null;
                });
            }

            @Override
            public boolean delete(String namespace, byte[] key) {
                return unlessDown(() -> store.delete(namespace, key));
            }

            @Override
            public long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
                return unlessDown(() -> store.increment(namespace, key, delta, ttlSeconds));
            }

            @Override
            public List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
                return unlessDown(() -> store.list(namespace, prefix, after, limit));
            }

            @Override
            public void close() {
                // The backend closes the store.
            }
        };

    @Override
    public KvBackend kv() {
        return kv;
    }

    private <T> T unlessDown(Supplier<T> call) {
        if (down) {
            throw new KvUnavailableException("flaky is down", null);
        }
        return call.get();
    }

    @Override
    public String describe() {
        return "flaky";
    }

    @Override
    public BackendHealth health() {
        return down ? BackendHealth.down("flaky is down") : BackendHealth.healthy();
    }

    @Override
    public void close() {
        store.close();
    }
}

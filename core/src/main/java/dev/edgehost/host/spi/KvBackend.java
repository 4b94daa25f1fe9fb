package dev.edgehost.host.spi;

import java.util.List;

/**
 * Where key-value data lives: namespaced byte keys and values with optional expiry, shared by all
 * functions of a host (and, for a distributed backend, of every host). Implementations are
 * thread-safe, never return expired entries, and acknowledge a write only once it is durable in
 * their sense (on disk for the embedded store, in the server for Redis).
 */
public interface KvBackend extends AutoCloseable {

    /**
     * The namespace a function's data is kept in: {@code store/STORE} when it is bound to a
     * shared store, else {@code fn/FUNCTION}; for backends, and for tools that seed or read a
     * function's data.
     *
     * @param sharedStore the function's {@code kv-store}, or {@code null}
     */
    static String namespace(String function, String sharedStore) {
        return sharedStore == null ? "fn/" + function : "store/" + sharedStore;
    }

    /** The value, or {@code null}. */
    byte[] get(String namespace, byte[] key);

    /** Stores a value; {@code ttlSeconds} 0 means no expiry. */
    void set(String namespace, byte[] key, byte[] value, long ttlSeconds);

    /** Whether an entry was deleted. */
    boolean delete(String namespace, byte[] key);

    /**
     * Adds {@code delta} atomically to a decimal integer value, creating it at {@code delta} with
     * the expiry if absent, keeping the expiry otherwise.
     *
     * @throws KvNotAnIntegerException when the stored value is no decimal 64-bit integer, or the
     *     sum overflows
     */
    long increment(String namespace, byte[] key, long delta, long ttlSeconds);

    /** At most {@code limit} keys with the prefix, strictly after {@code after}, in unsigned byte order. */
    List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit);

    @Override
    void close();
}

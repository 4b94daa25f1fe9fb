package dev.edgehost.testing.kit;

import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvNotAnIntegerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The kit's key-value store: in memory, with expiry, so that tests can seed and read what a
 * function sees. Thread-safe: every operation holds the store's lock.
 */
final class MemoryKv implements KvBackend {
    private record Entry(byte[] value, long expiresAtMillis) {
        boolean expired(long now) {
            return expiresAtMillis != 0 && now >= expiresAtMillis;
        }
    }

    private final Map<String, TreeMap<byte[], Entry>> namespaces = new TreeMap<>();
    private final LongSupplier clock;

    MemoryKv(LongSupplier clock) {
        this.clock = clock;
    }

    private TreeMap<byte[], Entry> namespace(String name) {
        return namespaces.computeIfAbsent(name, key -> new TreeMap<>(Arrays::compareUnsigned));
    }

    @Override
    public synchronized byte[] get(String namespace, byte[] key) {
        Entry entry = live(namespace, key);
        return entry == null ? null : entry.value().clone();
    }

    private Entry live(String namespace, byte[] key) {
        TreeMap<byte[], Entry> entries = namespace(namespace);
        Entry entry = entries.get(key);
        if (entry != null && entry.expired(clock.getAsLong())) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    @Override
    public synchronized void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
        namespace(namespace).put(key.clone(), new Entry(value.clone(), expiry(ttlSeconds)));
    }

    private long expiry(long ttlSeconds) {
        return ttlSeconds == 0 ? 0 : clock.getAsLong() + ttlSeconds * 1000;
    }

    @Override
    public synchronized boolean delete(String namespace, byte[] key) {
        return live(namespace, key) != null && namespace(namespace).remove(key) != null;
    }

    @Override
    public synchronized long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
        Entry entry = live(namespace, key);
        long value;
        long expires;
        if (entry == null) {
            value = delta;
            expires = expiry(ttlSeconds);
        } else {
            try {
                value = Math.addExact(Long.parseLong(new String(entry.value(), StandardCharsets.US_ASCII)), delta);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new KvNotAnIntegerException("the value is not a decimal 64-bit integer, or the sum overflows");
            }
            expires = entry.expiresAtMillis();
        }
        namespace(namespace).put(key.clone(), new Entry(Long.toString(value).getBytes(StandardCharsets.US_ASCII), expires));
        return value;
    }

    @Override
    public synchronized List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
        List<byte[]> keys = new ArrayList<>();
        long now = clock.getAsLong();
        for (Map.Entry<byte[], Entry> entry : namespace(namespace).tailMap(after, false).entrySet()) {
            byte[] key = entry.getKey();
            if (keys.size() == limit) {
                break;
            }
            if (startsWith(key, prefix) && !entry.getValue().expired(now)) {
                keys.add(key.clone());
            }
        }
        return keys;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public synchronized void close() {
        namespaces.clear();
    }
}

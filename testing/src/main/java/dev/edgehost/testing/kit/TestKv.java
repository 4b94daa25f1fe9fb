package dev.edgehost.testing.kit;

import dev.edgehost.host.spi.KvBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's key-value data as its guest sees it, for a test to seed before a request and read
 * after: text values are UTF-8, keys are UTF-8 text. Thread-safe.
 */
public final class TestKv {
    private final KvBackend kv;
    private final String namespace;

    TestKv(KvBackend kv, String sharedStore, String function) {
        this.kv = kv;
        this.namespace = KvBackend.namespace(function, sharedStore);
    }

    /** Sets a text value, with no expiry. */
    public TestKv put(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** Sets a value that expires after {@code ttlSeconds} (0: never). */
    public TestKv put(String key, byte[] value, long ttlSeconds) {
        kv.set(namespace, utf8(key), value, ttlSeconds);
        return this;
    }

    /** The value as text, or {@code null}. */
    public String get(String key) {
        byte[] value = bytes(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The value's bytes, or {@code null}. */
    public byte[] bytes(String key) {
        return kv.get(namespace, utf8(key));
    }

    /** Whether there was a value to delete. */
    public boolean delete(String key) {
        return kv.delete(namespace, utf8(key));
    }

    /** Every key, in byte order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        byte[] after = new byte[0];
        while (true) {
            List<byte[]> page = kv.list(namespace, new byte[0], after, 1000);
            page.forEach(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
            if (page.size() < 1000) {
                return keys;
            }
            after = page.get(page.size() - 1);
        }
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

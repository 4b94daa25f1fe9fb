package dev.edgehost.testing.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.KvNotAnIntegerException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The kit's store keeps the key-value contract: namespaces, expiry, increments, unsigned byte order. */
class MemoryKvTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryKv kv = new MemoryKv(now::get);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void setGetDelete_perNamespace() {
        kv.set("fn/a", bytes("k"), bytes("1"), 0);
        kv.set("fn/b", bytes("k"), bytes("2"), 0);

        assertArrayEquals(bytes("1"), kv.get("fn/a", bytes("k")));
        assertTrue(kv.delete("fn/a", bytes("k")));
        assertFalse(kv.delete("fn/a", bytes("k")));
        assertNull(kv.get("fn/a", bytes("k")));
        assertArrayEquals(bytes("2"), kv.get("fn/b", bytes("k")));
    }

    @Test
    void ttl_expiresAtItsTime_andIncrementKeepsIt() {
        kv.set("ns", bytes("k"), bytes("5"), 10);
        assertEquals(6, kv.increment("ns", bytes("k"), 1, 100));

        now.addAndGet(9_999);
        assertArrayEquals(bytes("6"), kv.get("ns", bytes("k")));
        now.addAndGet(1);
        assertNull(kv.get("ns", bytes("k")));
        assertEquals(List.of(), kv.list("ns", new byte[0], new byte[0], 10));
    }

    @Test
    void increment_absentStartsAtDelta_andNonIntegersAreRefused() {
        assertEquals(-3, kv.increment("ns", bytes("n"), -3, 0));
        kv.set("ns", bytes("text"), bytes("abc"), 0);

        assertThrows(KvNotAnIntegerException.class, () -> kv.increment("ns", bytes("text"), 1, 0));
        kv.set("ns", bytes("max"), bytes(String.valueOf(Long.MAX_VALUE)), 0);
        assertThrows(KvNotAnIntegerException.class, () -> kv.increment("ns", bytes("max"), 1, 0));
    }

    @Test
    void list_prefixAfterAndLimit_inUnsignedByteOrder() {
        for (String key : new String[] {"b", "a2", "a1", "a\u00e9", "c"}) {
            kv.set("ns", bytes(key), bytes("v"), 0);
        }

        List<String> page = kv.list("ns", bytes("a"), bytes("a1"), 2).stream()
                .map(key -> new String(key, StandardCharsets.UTF_8)).collect(Collectors.toList());

        assertEquals(List.of("a2", "a\u00e9"), page, "0xC3 sorts after ASCII");
    }
}

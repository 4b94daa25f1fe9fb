package dev.edgehost.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvNotAnIntegerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link KvBackend} must have; one subclass per backend runs it. */
public abstract class KvBackendContract {
    private static final String NS = "fn/contract";

    /** A backend with no data. */
    protected abstract KvBackend backend();

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static List<String> texts(List<byte[]> keys) {
        List<String> texts = new ArrayList<>();
        keys.forEach(key -> texts.add(new String(key, StandardCharsets.ISO_8859_1)));
        return texts;
    }

    @Test
    void get_afterSet_returnsTheValue() {
        KvBackend kv = backend();
        kv.set(NS, bytes("a"), new byte[] {0, 1, (byte) 0xFF}, 0);

        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, kv.get(NS, bytes("a")));
        assertNull(kv.get(NS, bytes("b")));
    }

    @Test
    void set_existingKey_replacesValueAndExpiry() throws InterruptedException {
        KvBackend kv = backend();
        kv.set(NS, bytes("a"), bytes("old"), 1);
        kv.set(NS, bytes("a"), bytes("new"), 0);
        Thread.sleep(1_300);

        assertArrayEquals(bytes("new"), kv.get(NS, bytes("a")));
    }

    @Test
    void delete_tellsWhetherThereWasAnEntry() {
        KvBackend kv = backend();
        kv.set(NS, bytes("a"), bytes("1"), 0);

        assertTrue(kv.delete(NS, bytes("a")));
        assertFalse(kv.delete(NS, bytes("a")));
        assertNull(kv.get(NS, bytes("a")));
    }

    @Test
    void expiredEntries_areNeverReturnedListedOrIncremented() throws InterruptedException {
        KvBackend kv = backend();
        kv.set(NS, bytes("short"), bytes("5"), 1);
        kv.set(NS, bytes("long"), bytes("x"), 60);
        Thread.sleep(1_300);

        assertNull(kv.get(NS, bytes("short")));
        assertEquals(List.of("long"), texts(kv.list(NS, new byte[0], new byte[0], 10)));
        assertEquals(1, kv.increment(NS, bytes("short"), 1, 0), "an expired integer starts again");
        assertFalse(kv.delete(NS, bytes("gone")));
    }

    @Test
    void increment_absentKey_createsItAtDeltaWithTheExpiry() throws InterruptedException {
        KvBackend kv = backend();

        assertEquals(-7, kv.increment(NS, bytes("n"), -7, 1));
        assertArrayEquals(bytes("-7"), kv.get(NS, bytes("n")));
        Thread.sleep(1_300);
        assertNull(kv.get(NS, bytes("n")));
    }

    @Test
    void increment_existingKey_addsAndKeepsTheExpiry() throws InterruptedException {
        KvBackend kv = backend();
        kv.increment(NS, bytes("n"), 10, 1);

        assertEquals(15, kv.increment(NS, bytes("n"), 5, 0));
        Thread.sleep(1_300);
        assertNull(kv.get(NS, bytes("n")), "the first expiry still holds");
    }

    @Test
    void increment_valueSetAsDecimalText_isIncremented() {
        KvBackend kv = backend();
        kv.set(NS, bytes("n"), bytes("41"), 0);

        assertEquals(42, kv.increment(NS, bytes("n"), 1, 0));
    }

    @Test
    void increment_nonInteger_isRefusedAndChangesNothing() {
        KvBackend kv = backend();
        for (String value : List.of("abc", "", "007", "+5", " 5", "-0", "1.5", "99999999999999999999")) {
            kv.set(NS, bytes("n"), bytes(value), 0);

            assertThrows(KvNotAnIntegerException.class, () -> kv.increment(NS, bytes("n"), 1, 0), value);
            assertArrayEquals(bytes(value), kv.get(NS, bytes("n")));
        }
    }

    @Test
    void increment_overflow_isRefused() {
        KvBackend kv = backend();
        kv.set(NS, bytes("n"), bytes(Long.toString(Long.MAX_VALUE)), 0);

        assertThrows(KvNotAnIntegerException.class, () -> kv.increment(NS, bytes("n"), 1, 0));
        assertEquals(Long.MIN_VALUE + 1, kv.increment(NS, bytes("m"), Long.MIN_VALUE + 1, 0));
    }

    @Test
    void increment_concurrently_countsExactly() throws Exception {
        KvBackend kv = backend();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        kv.increment(NS, bytes("hits"), 1, 0);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertArrayEquals(bytes("2000"), kv.get(NS, bytes("hits")));
    }

    @Test
    void list_isInUnsignedByteOrderWithPrefixAndAfter() {
        KvBackend kv = backend();
        for (String key : List.of("b", "a/2", "a/1", "a/10", "a\u00ff", "a/\u0080", "c")) {
            kv.set(NS, key.getBytes(StandardCharsets.ISO_8859_1), bytes("v"), 0);
        }

        assertEquals(List.of("a/1", "a/10", "a/2", "a/\u0080", "a\u00ff", "b", "c"), texts(kv.list(NS, new byte[0], new byte[0], 100)));
        assertEquals(List.of("a/1", "a/10", "a/2", "a/\u0080"), texts(kv.list(NS, bytes("a/"), new byte[0], 100)));
        assertEquals(List.of("a/2", "a/\u0080"), texts(kv.list(NS, bytes("a/"), bytes("a/10"), 100)));
        assertEquals(List.of("a/1", "a/10"), texts(kv.list(NS, bytes("a/"), bytes("a"), 2)));
        assertEquals(List.of("b", "c"), texts(kv.list(NS, new byte[0], "a\u00ff".getBytes(StandardCharsets.ISO_8859_1), 100)));
        assertEquals(List.of(), texts(kv.list(NS, bytes("a/"), bytes("z"), 100)));
    }

    @Test
    void namespaces_areIsolated() {
        KvBackend kv = backend();
        kv.set("fn/one", bytes("k"), bytes("1"), 0);
        kv.set("fn/one-more", bytes("k"), bytes("2"), 0);

        assertNull(kv.get("fn/two", bytes("k")));
        assertArrayEquals(bytes("1"), kv.get("fn/one", bytes("k")));
        assertEquals(List.of("k"), texts(kv.list("fn/one", new byte[0], new byte[0], 10)));
        assertFalse(kv.delete("fn/two", bytes("k")));
    }
}

package dev.edgehost.host.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvNotAnIntegerException;
import dev.edgehost.host.spi.KvUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The circuit breaker in front of a key-value store that can be made unreachable, on a clock the test moves. */
class KvCircuitBreakerTest {
    private final MvStoreKvBackend store = MvStoreKvBackend.inMemory();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reached = new AtomicInteger();
    private volatile boolean down;
    private final KvCircuitBreaker breaker = new KvCircuitBreaker(new Switchable(), "test", now::get);

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    @Test
    void consecutiveFailures_openIt_andCallsFailWithoutReachingTheStore() {
        down = true;
        for (int i = 0; i < KvCircuitBreaker.FAILURES_TO_OPEN; i++) {
            assertFalse(breaker.isOpen());
            assertThrows(KvUnavailableException.class, () -> breaker.get("ns", bytes("k")));
        }
        assertTrue(breaker.isOpen());
        int before = reached.get();

        KvUnavailableException fast = assertThrows(KvUnavailableException.class, () -> breaker.set("ns", bytes("k"), bytes("v"), 0));

        assertEquals(before, reached.get(), "an open breaker does not call the store");
        assertTrue(fast.getMessage().contains("failing fast"), fast.getMessage());
        assertEquals(KvCircuitBreaker.FAILURES_TO_OPEN + 1, breaker.unavailableCalls());
    }

    @Test
    void afterTheProbeInterval_oneCallProbes_andASuccessClosesIt() {
        down = true;
        for (int i = 0; i < KvCircuitBreaker.FAILURES_TO_OPEN; i++) {
            assertThrows(KvUnavailableException.class, () -> breaker.get("ns", bytes("k")));
        }
        advanceMillis(KvCircuitBreaker.PROBE_MILLIS);
        int before = reached.get();

        assertThrows(KvUnavailableException.class, () -> breaker.get("ns", bytes("k")));
        assertEquals(before + 1, reached.get(), "the probe reached the store");
        assertTrue(breaker.isOpen(), "a failed probe keeps it open");
        assertThrows(KvUnavailableException.class, () -> breaker.get("ns", bytes("k")));
        assertEquals(before + 1, reached.get(), "and waits another interval");

        down = false;
        advanceMillis(KvCircuitBreaker.PROBE_MILLIS);
        breaker.set("ns", bytes("k"), bytes("v"), 0);

        assertFalse(breaker.isOpen());
        assertArrayEquals(bytes("v"), breaker.get("ns", bytes("k")));
    }

    @Test
    void probe_closesItWithoutAGuestCall_onceAProbeIsDue() {
        down = true;
        for (int i = 0; i < KvCircuitBreaker.FAILURES_TO_OPEN; i++) {
            assertThrows(KvUnavailableException.class, () -> breaker.list("ns", bytes(""), bytes(""), 10));
        }
        breaker.probe();
        assertTrue(breaker.isOpen(), "no probe before the interval");
        down = false;
        advanceMillis(KvCircuitBreaker.PROBE_MILLIS);

        breaker.probe();

        assertFalse(breaker.isOpen());
        assertEquals(List.of(), breaker.list("ns", bytes(""), bytes(""), 10));
        assertEquals(KvCircuitBreaker.FAILURES_TO_OPEN, breaker.unavailableCalls(), "the host's probes count no guest call");
    }

    @Test
    void answersOfTheStore_areNoFailures() {
        breaker.set("ns", bytes("text"), bytes("not a number"), 0);
        for (int i = 0; i < 2 * KvCircuitBreaker.FAILURES_TO_OPEN; i++) {
            assertThrows(KvNotAnIntegerException.class, () -> breaker.increment("ns", bytes("text"), 1, 0));
        }
        down = true;
        assertThrows(KvUnavailableException.class, () -> breaker.delete("ns", bytes("text")));
        down = false;
        assertTrue(breaker.delete("ns", bytes("text")), "one failure between successes does not open it");

        assertFalse(breaker.isOpen());
    }

    /** The store, or a failure to reach it. */
    private final class Switchable implements KvBackend {
        private <T> T reach(Supplier<T> call) {
            reached.incrementAndGet();
            if (down) {
                throw new KvUnavailableException("unreachable", null);
            }
            return call.get();
        }

        @Override
        public byte[] get(String namespace, byte[] key) {
            return reach(() -> store.get(namespace, key));
        }

        @Override
        public void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
            reach(() -> {
                store.set(namespace, key, value, ttlSeconds);
                return null;
            });
        }

        @Override
        public boolean delete(String namespace, byte[] key) {
            return reach(() -> store.delete(namespace, key));
        }

        @Override
        public long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
            return reach(() -> store.increment(namespace, key, delta, ttlSeconds));
        }

        @Override
        public List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
            return reach(() -> store.list(namespace, prefix, after, limit));
        }

        @Override
        public void close() {
            // The test closes the store.
        }
    }
}

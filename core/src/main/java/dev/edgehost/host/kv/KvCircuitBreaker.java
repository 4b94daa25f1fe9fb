package dev.edgehost.host.kv;

import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker in front of a key-value backend, so that an unreachable store costs a guest
 * nothing but an error: after {@value #FAILURES_TO_OPEN} consecutive failures it opens, and calls
 * fail at once with {@link KvUnavailableException} (the guest sees {@code -5}) instead of each
 * waiting for the backend's timeout on a worker. Every {@value #PROBE_MILLIS} ms one call is let
 * through as a probe (half-open); the first call that succeeds, or a health check the store
 * answers ({@link #storeAnswered}), closes it again. Only failures to
 * reach the store count: an answer such as "not an integer" is a success of the store.
 * Thread-safe.
 */
public final class KvCircuitBreaker implements KvBackend {
    static final int FAILURES_TO_OPEN = 3;
    static final long PROBE_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(KvCircuitBreaker.class);

    private final KvBackend backend;
    private final String description;
    private final LongSupplier clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong openedAt = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private volatile String lastFailure;

    /**
     * @param description what the log names, e.g. {@code redis://cache:6379}
     */
    public KvCircuitBreaker(KvBackend backend, String description) {
        this(backend, description, System::nanoTime);
    }

    KvCircuitBreaker(KvBackend backend, String description, LongSupplier clock) {
        this.backend = backend;
        this.description = description;
        this.clock = clock;
    }

    /** Whether calls fail fast now. */
    public boolean isOpen() {
        return open.get();
    }

    /**
     * Closes the breaker because the store answered something else, such as a health check: an
     * idle host need not wait for a guest's call to probe.
     */
    public void storeAnswered() {
        if (open.get()) {
            succeeded();
        }
    }

    /** Why the last call that could not reach the store failed, or {@code null}. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Calls that failed because the store could not be reached, fast failures included. */
    public long unavailableCalls() {
        return unavailable.get();
    }

    @Override
    public byte[] get(String namespace, byte[] key) {
        return call(() -> backend.get(namespace, key));
    }

    @Override
    public void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
        call(() -> {
            backend.set(namespace, key, value, ttlSeconds);
            return null;
        });
    }

    @Override
    public boolean delete(String namespace, byte[] key) {
        return call(() -> backend.delete(namespace, key));
    }

    @Override
    public long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
        return call(() -> backend.increment(namespace, key, delta, ttlSeconds));
    }

    @Override
    public List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
        return call(() -> backend.list(namespace, prefix, after, limit));
    }

    private <T> T call(Supplier<T> operation) {
        boolean probe = false;
        if (open.get()) {
            probe = mayProbe();
            if (!probe) {
                unavailable.incrementAndGet();
                throw new KvUnavailableException(
                        "the key-value store " + description + " is unavailable (failing fast after "
                                + FAILURES_TO_OPEN + " failures: " + lastFailure + ")",
                        null);
            }
        }
        try {
            T result = operation.get();
            succeeded();
            return result;
        } catch (KvUnavailableException e) {
            failed(e);
            throw e;
        } catch (RuntimeException e) {
            succeeded();
            throw e;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    /** One call at a time probes, once the breaker has been open for a probe interval. */
    private boolean mayProbe() {
        return clock.getAsLong() - openedAt.get() >= PROBE_MILLIS * 1_000_000L && probing.compareAndSet(false, true);
    }

    private void succeeded() {
        consecutiveFailures.set(0);
        if (open.compareAndSet(true, false)) {
            LOG.atInfo()
                    .addKeyValue("event", "kv_circuit_closed")
                    .addKeyValue("backend", description)
                    .log("the key-value store {} answers again; calls go through", description);
        }
    }

    private void failed(KvUnavailableException e) {
        unavailable.incrementAndGet();
        lastFailure = e.getMessage();
        int failures = consecutiveFailures.incrementAndGet();
        if (open.get()) {
            // A failed probe: wait another interval before the next.
            openedAt.set(clock.getAsLong());
        } else if (failures >= FAILURES_TO_OPEN) {
            openedAt.set(clock.getAsLong());
            if (open.compareAndSet(false, true)) {
                LOG.atError()
                        .addKeyValue("event", "kv_circuit_open")
                        .addKeyValue("backend", description)
                        .addKeyValue("reason", lastFailure)
                        .log("key-value calls to {} fail ({}); failing fast, probing every {} ms",
                                description, lastFailure, PROBE_MILLIS);
            }
        }
    }

    @Override
    public void close() {
        // The backend belongs to whoever opened it, who closes it.
    }
}

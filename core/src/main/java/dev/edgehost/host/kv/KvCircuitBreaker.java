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
 * through as a probe (half-open), a guest's or the host's own ({@link #probe}); the first call
 * that succeeds closes it again. Only failures to
 * reach the store count: an answer such as "not an integer" is a success of the store.
 * Thread-safe.
 */
public final class KvCircuitBreaker implements KvBackend {
    static final int FAILURES_TO_OPEN = 3;
    static final long PROBE_MILLIS = 100;
    /** Guests' namespaces are {@code fn/...} and {@code store/...}; this is none of them. */
    private static final String PROBE_NAMESPACE = "host/probe";
    private static final byte[] PROBE_KEY = {'p'};

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

    /**
     * Whether calls to the backend are answered in process (the data dir's store, in memory), not
     * by a store over the network that a guest waits for.
     */
    static boolean inProcess(KvBackend backend) {
        KvBackend inner = backend instanceof KvCircuitBreaker breaker ? breaker.backend : backend;
        return inner instanceof MvStoreKvBackend;
    }

    /** Whether calls fail fast now. */
    public boolean isOpen() {
        return open.get();
    }

    /**
     * Probes the store when the breaker is open and a probe is due, with a read of a key in a
     * namespace no guest can reach, so that an idle host closes it too (the host's monitor calls
     * this once a second); otherwise does nothing. Never throws.
     */
    public void probe() {
        if (!open.get()) {
            return;
        }
        try {
            call(() -> backend.get(PROBE_NAMESPACE, PROBE_KEY), false);
        } catch (RuntimeException e) {
            // The breaker noted the failure; the caller only wanted it to try.
        }
    }

    /** Why the last call that could not reach the store failed, or {@code null}. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Guests' and admin calls that failed because the store could not be reached, fast failures included. */
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
        return call(operation, true);
    }

    /**
     * @param counted whether the call is a guest's or an admin call, which {@link #unavailableCalls}
     *     counts, or the host's own probe, which it does not
     */
    private <T> T call(Supplier<T> operation, boolean counted) {
        boolean probe = false;
        if (open.get()) {
            probe = mayProbe();
            if (!probe) {
                if (counted) {
                    unavailable.incrementAndGet();
                }
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
            failed(e, counted);
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

    private void failed(KvUnavailableException e, boolean counted) {
        if (counted) {
            unavailable.incrementAndGet();
        }
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

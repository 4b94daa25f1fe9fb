package dev.edgehost.host.execution;

import dev.edgehost.host.kv.KvCircuitBreaker;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.BackendHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the host's backend answers: asks it once a second, logs every change of state,
 * and when it answers again after it did not, lets the host compare its functions with the store
 * at once instead of at the next periodic comparison; and probes the key-value store while its
 * circuit breaker is open, so that an idle host, with no guest call to probe with, closes it too. Readiness and the backend metric read from
 * here. Thread-safe.
 */
final class BackendMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendMonitor.class);
    private static final long CHECK_MILLIS = 1_000;

    private final Backend backend;
    private final KvCircuitBreaker kv;
    private final Runnable recovered;
    private final ScheduledExecutorService timer;
    private volatile BackendHealth last = BackendHealth.healthy();

    /**
     * @param recovered run (on the monitor's thread) when the backend answers again
     */
    BackendMonitor(Backend backend, KvCircuitBreaker kv, Runnable recovered) {
        this.backend = backend;
        this.kv = kv;
        this.recovered = recovered;
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(
                        1,
                        runnable -> {
                            Thread thread = new Thread(runnable, "edge-backend-monitor");
                            thread.setDaemon(true);
                            thread.setContextClassLoader(BackendMonitor.class.getClassLoader());
                            return thread;
                        });
        this.timer = scheduler;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Asks the backend now, logs a change of state, and answers what it said. */
    synchronized BackendHealth check() {
        BackendHealth health;
        try {
            health = backend.health();
        } catch (RuntimeException e) {
            health = BackendHealth.down(e.toString());
        }
        BackendHealth before = last;
        last = health;
        if (health.up()) {
            kv.probe();
        }
        if (before.up() && !health.up()) {
            LOG.atError()
                    .addKeyValue("event", "backend_down")
                    .addKeyValue("backend", backend.describe())
                    .addKeyValue("reason", health.reason())
                    .log("backend {} does not answer: {}; serving the deployed functions, key-value calls fail",
                            backend.describe(), health.reason());
        } else if (!before.up() && health.up()) {
            LOG.atInfo()
                    .addKeyValue("event", "backend_up")
                    .addKeyValue("backend", backend.describe())
                    .log("backend {} answers again", backend.describe());
            recovered.run();
        }
        return health;
    }

    /** What the backend said at the last check, without asking it. */
    BackendHealth last() {
        return last;
    }

    /** Why the backend keeps the host from being ready, asked now; empty when nothing does. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        BackendHealth health = check();
        if (!health.up()) {
            problems.add("backend " + backend.describe() + " unreachable: " + health.reason());
        }
        if (kv.isOpen()) {
            problems.add("key-value calls failing fast: " + kv.lastFailure());
        }
        return problems;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

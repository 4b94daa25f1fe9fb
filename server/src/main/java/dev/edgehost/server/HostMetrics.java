package dev.edgehost.server;

import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.execution.RequestExecutor;
import dev.edgehost.host.execution.ScheduledRuns;
import dev.edgehost.host.kv.KvCircuitBreaker;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.spi.FetchCacheCounts;
import dev.edgehost.host.spi.RequestObserver;
import dev.edgehost.host.spi.RequestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The host's metrics: per function, requests by status, latency (a histogram with buckets for
 * edge latencies), instantiation time, fuel, errors by code (traps and every limit hit),
 * key-value calls and fetches, scheduled runs by outcome; host-wide, deployed functions, compilations, module cache hits,
 * the worker pool, requests refused or for no function, scheduled runs skipped, admin calls, and whether the backend
 * answers. In the host's own registry also the JVM's and the process's; an embedder's registry
 * gets only the host's meters, which are removed from it when the server closes. Thread-safe.
 */
final class HostMetrics implements RequestObserver, AutoCloseable {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Latency buckets for edge functions: a few service-level objectives, from 1 ms to 10 s. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(10)
    };
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS");

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final boolean ownRegistry;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();
    private final Map<String, FunctionMeters> functions = new ConcurrentHashMap<>();
    private final Map<String, Counter> adminCalls = new ConcurrentHashMap<>();
    private final Map<String, Counter> scheduledRuns = new ConcurrentHashMap<>();
    private final Counter notFound;

    private HostMetrics(MeterRegistry registry, boolean ownRegistry) {
        this.registry = registry;
        this.prometheus = registry instanceof PrometheusMeterRegistry ? (PrometheusMeterRegistry) registry : null;
        this.ownRegistry = ownRegistry;
        this.notFound =
                keep(Counter.builder("edge.requests.not.found")
                        .description("Public requests for no deployed function (answered 404)")
                        .register(registry));
    }

    /** Metrics in a registry of the host's own, with the JVM's and the process's, served at {@code /metrics}. */
    static HostMetrics own() {
        HostMetrics metrics = new HostMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
        metrics.bindJvmAndProcess();
        return metrics;
    }

    /** The host's meters in an embedder's registry; {@code /metrics} serves it only if it is a Prometheus one. */
    static HostMetrics in(MeterRegistry registry) {
        return new HostMetrics(registry, false);
    }

    private void bindJvmAndProcess() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
    }

    /** Registers the host-wide meters of a host; once, before the host serves. */
    void bind(HostCore host) {
        EdgeRuntime runtime = host.runtime();
        RequestExecutor executor = host.executor();
        KvCircuitBreaker kv = host.kvBreaker();
        keep(Gauge.builder("edge.functions", runtime, r -> r.functions().size())
                .description("Deployed functions")
                .register(registry));
        keep(FunctionCounter.builder("edge.compilations", runtime, EdgeRuntime::compilations)
                .description("Modules compiled, at deploys and after evictions from the cache")
                .register(registry));
        keep(FunctionCounter.builder("edge.module.cache.hits", runtime, EdgeRuntime::moduleCacheHits)
                .description("Requests whose compiled module was cached")
                .register(registry));
        keep(Gauge.builder("edge.workers", executor, RequestExecutor::workerCount)
                .description("Guests that may run Wasm at once")
                .register(registry));
        keep(Gauge.builder("edge.workers.busy", executor, RequestExecutor::busyWorkers)
                .description("Guests running Wasm now")
                .register(registry));
        keep(Gauge.builder("edge.guests.waiting", executor, RequestExecutor::waitingGuests)
                .description("Guests waiting in a fetch or a remote key-value call now, holding no worker")
                .register(registry));
        keep(Gauge.builder("edge.carriers", executor, RequestExecutor::carrierThreads)
                .description("Threads carrying requests now, running and waiting ones")
                .register(registry));
        keep(Gauge.builder("edge.virtual.threads", executor, e -> e.virtualThreads() ? 1 : 0)
                .description("1 when requests run on virtual threads (Java 21 and later), 0 on the carrier pool")
                .register(registry));
        keep(Gauge.builder("edge.requests.queued", executor, RequestExecutor::queuedRequests)
                .description("Admitted requests waiting for a worker now")
                .register(registry));
        keep(FunctionCounter.builder("edge.requests.overloaded", executor, RequestExecutor::refusedRequests)
                .description("Requests refused as overloaded: every worker and queue place taken, a function at its"
                        + " max-concurrency and share of the queue, or shutting down")
                .register(registry));
        keep(FunctionCounter.builder("edge.access.log.dropped", executor, RequestExecutor::droppedAccessLogLines)
                .description("Access log lines dropped because the log's writer fell behind the requests")
                .register(registry));
        keep(Gauge.builder("edge.functions.throttled", executor, e -> e.throttledFunctions().size())
                .description("Functions running one request at a time because their requests keep reaching their limits (fuel, deadline, memory, stack)")
                .register(registry));
        keep(FunctionCounter.builder("edge.scheduled.runs.skipped", host.scheduledRuns(), ScheduledRuns::skippedRuns)
                .description("Scheduled runs skipped: the lease store could not be reached, or the host was overloaded")
                .register(registry));
        keep(Gauge.builder("edge.backend.up", host, h -> h.backendHealth().up() ? 1 : 0)
                .description("Whether the backend (Redis, the data dir) answered at the last check, once a second")
                .register(registry));
        keep(Gauge.builder("edge.kv.circuit.open", kv, breaker -> breaker.isOpen() ? 1 : 0)
                .description("Whether key-value calls fail fast because the store keeps failing")
                .register(registry));
        keep(FunctionCounter.builder("edge.kv.unavailable", kv, KvCircuitBreaker::unavailableCalls)
                .description("Key-value calls that failed because the store could not be reached, fast failures included")
                .register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Counts a public request for no deployed function. */
    void notFound() {
        notFound.increment();
    }

    /** Counts a finished admin API call. */
    void adminCall(String method, int status) {
        String knownMethod = METHODS.contains(method) ? method : "other";
        adminCalls.computeIfAbsent(
                        knownMethod + " " + status,
                        key -> keep(Counter.builder("edge.admin.requests")
                                .description("Admin API calls by method and status (health and metrics not included)")
                                .tags("method", knownMethod, "status", String.valueOf(status))
                                .register(registry)))
                .increment();
    }

    /** Records one finished request. */
    @Override
    public void finished(RequestRecord record) {
        FunctionMeters meters = functions.computeIfAbsent(record.function(), this::meters);
        meters.requests(record.status()).increment();
        meters.duration().record(record.totalNanos(), TimeUnit.NANOSECONDS);
        meters.instantiate().record(record.instantiateNanos(), TimeUnit.NANOSECONDS);
        meters.fuel().record(record.fuelUsed());
        meters.kvOperations().increment(record.kvOperations());
        meters.fetches().increment(record.fetches());
        // Most requests fetch nothing: no map of five zero counts is made for them.
        if (!record.fetchCache().equals(FetchCacheCounts.NONE)) {
            record.fetchCache().byResult().forEach((result, count) -> {
                if (count > 0) {
                    meters.fetchCache(result).increment(count);
                }
            });
        }
        if (record.error() != null) {
            meters.errors(record.error()).increment();
        }
        if (record.method().equals(ScheduledRuns.METHOD)) {
            scheduledRun(record.function(), record.error() == null ? "ok" : record.error());
        }
        // By version too, to compare a canary with the rest; a function serves few versions at once.
        meters.versionRequests(record.versionNumber()).increment();
    }

    private void scheduledRun(String function, String outcome) {
        scheduledRuns.computeIfAbsent(
                        function + " " + outcome,
                        key -> keep(Counter.builder("edge.scheduled.runs")
                                .description("Scheduled runs by outcome: ok, or the error code the run ended with")
                                .tags("function", function, "outcome", outcome)
                                .register(registry)))
                .increment();
    }

    /** A function's meters, registered once, so that a request only updates them. */
    private FunctionMeters meters(String function) {
        return new FunctionMeters(
                function,
                keep(Timer.builder("edge.request.duration")
                        .description("Time from dispatch to the guest's response")
                        .tags("function", function)
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry)),
                keep(Timer.builder("edge.instantiate.duration")
                        .description("Time to get an instance ready: built fresh, or restored from its snapshot")
                        .tags("function", function)
                        .register(registry)),
                keep(DistributionSummary.builder("edge.fuel.used")
                        .description("Fuel used per request")
                        .tags("function", function)
                        .register(registry)),
                keep(Counter.builder("edge.kv.operations")
                        .description("Key-value calls made by guests")
                        .tags("function", function)
                        .register(registry)),
                keep(Counter.builder("edge.fetches")
                        .description("Outbound fetches made by guests")
                        .tags("function", function)
                        .register(registry)));
    }

    private final class FunctionMeters {
        private final String function;
        private final Timer duration;
        private final Timer instantiate;
        private final DistributionSummary fuel;
        private final Counter kvOperations;
        private final Counter fetches;
        private final Map<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();
        private final Map<Integer, Counter> requestsByVersion = new ConcurrentHashMap<>();
        private final Map<String, Counter> errorsByCode = new ConcurrentHashMap<>();
        private final Map<String, Counter> fetchCacheByResult = new ConcurrentHashMap<>();

        FunctionMeters(
                String function, Timer duration, Timer instantiate, DistributionSummary fuel, Counter kvOperations,
                Counter fetches) {
            this.function = function;
            this.duration = duration;
            this.instantiate = instantiate;
            this.fuel = fuel;
            this.kvOperations = kvOperations;
            this.fetches = fetches;
        }

        Timer duration() {
            return duration;
        }

        Timer instantiate() {
            return instantiate;
        }

        DistributionSummary fuel() {
            return fuel;
        }

        Counter kvOperations() {
            return kvOperations;
        }

        Counter fetches() {
            return fetches;
        }

        Counter fetchCache(String result) {
            return fetchCacheByResult.computeIfAbsent(
                    result,
                    name -> keep(Counter.builder("edge.fetch.cache")
                            .description("Guests' fetched responses by how the HTTP cache answered them (x-edge-cache)")
                            .tags("function", function, "result", name)
                            .register(registry)));
        }

        Counter versionRequests(int version) {
            return requestsByVersion.computeIfAbsent(
                    version,
                    number -> keep(Counter.builder("edge.version.requests")
                            .description("Requests by function and the version that ran them (x-edge-version)")
                            .tags("function", function, "version", String.valueOf(number))
                            .register(registry)));
        }

        Counter requests(int status) {
            return requestsByStatus.computeIfAbsent(
                    status,
                    code -> keep(Counter.builder("edge.requests")
                            .description("Function requests by status")
                            .tags("function", function, "status", String.valueOf(code))
                            .register(registry)));
        }

        Counter errors(String code) {
            return errorsByCode.computeIfAbsent(
                    code,
                    key -> keep(Counter.builder("edge.errors")
                            .description("Requests the host answered instead of the guest, by error code")
                            .tags("function", function, "error", key)
                            .register(registry)));
        }
    }

    /**
     * Every metric in the format the {@code Accept} header asks for: OpenMetrics for
     * {@code application/openmetrics-text}, else the Prometheus text format; {@code null} when the
     * registry is an embedder's that is not a Prometheus one.
     */
    Scrape scrape(String accept) {
        if (prometheus == null) {
            return null;
        }
        String contentType =
                accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                        ? OPENMETRICS_TEXT
                        : PROMETHEUS_TEXT;
        return new Scrape(contentType, prometheus.scrape(contentType));
    }

    /** A scrape and its content type. */
    record Scrape(String contentType, String body) {}

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // Closing only unregisters listeners; nothing is lost if one fails.
            }
        }
        if (ownRegistry) {
            registry.close();
        } else {
            registered.forEach(registry::remove);
        }
    }
}

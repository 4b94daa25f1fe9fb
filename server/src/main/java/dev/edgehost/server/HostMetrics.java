package dev.edgehost.server;

import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.spi.RequestObserver;
import dev.edgehost.host.spi.RequestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The host's metrics in Prometheus text format: per function, requests by status, latency,
 * instantiation time, fuel, errors by code (traps and every limit hit), key-value calls and
 * fetches; host-wide, deployed functions, compilations and module cache hits.
 */
final class HostMetrics implements RequestObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, FunctionMeters> functions = new ConcurrentHashMap<>();

    /** Registers the host-wide meters of a runtime; once, before the host serves. */
    void bind(EdgeRuntime runtime) {
        Gauge.builder("edge.functions", runtime, r -> r.functions().size())
                .description("Deployed functions")
                .register(registry);
        FunctionCounter.builder("edge.compilations", runtime, EdgeRuntime::compilations)
                .description("Modules compiled, at deploys and after evictions from the cache")
                .register(registry);
        FunctionCounter.builder("edge.module.cache.hits", runtime, EdgeRuntime::moduleCacheHits)
                .description("Requests whose compiled module was cached")
                .register(registry);
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
        if (record.error() != null) {
            meters.errors(record.error()).increment();
        }
    }

    /** A function's meters, registered once, so that a request only updates them. */
    private FunctionMeters meters(String function) {
        return new FunctionMeters(
                function,
                Timer.builder("edge.request.duration")
                        .description("Time from dispatch to the guest's response")
                        .tags("function", function)
                        .publishPercentileHistogram()
                        .register(registry),
                Timer.builder("edge.instantiate.duration")
                        .description("Time to build a fresh instance")
                        .tags("function", function)
                        .register(registry),
                DistributionSummary.builder("edge.fuel.used")
                        .description("Fuel used per request")
                        .tags("function", function)
                        .register(registry),
                Counter.builder("edge.kv.operations")
                        .description("Key-value calls made by guests")
                        .tags("function", function)
                        .register(registry),
                Counter.builder("edge.fetches")
                        .description("Outbound fetches made by guests")
                        .tags("function", function)
                        .register(registry),
                new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
    }

    private final class FunctionMeters {
        private final String function;
        private final Timer duration;
        private final Timer instantiate;
        private final DistributionSummary fuel;
        private final Counter kvOperations;
        private final Counter fetches;
        private final Map<Integer, Counter> requestsByStatus;
        private final Map<String, Counter> errorsByCode;

        FunctionMeters(
                String function,
                Timer duration,
                Timer instantiate,
                DistributionSummary fuel,
                Counter kvOperations,
                Counter fetches,
                Map<Integer, Counter> requestsByStatus,
                Map<String, Counter> errorsByCode) {
            this.function = function;
            this.duration = duration;
            this.instantiate = instantiate;
            this.fuel = fuel;
            this.kvOperations = kvOperations;
            this.fetches = fetches;
            this.requestsByStatus = requestsByStatus;
            this.errorsByCode = errorsByCode;
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

        Counter requests(int status) {
            return requestsByStatus.computeIfAbsent(
                    status,
                    code -> Counter.builder("edge.requests")
                            .description("Function requests by status")
                            .tags("function", function, "status", String.valueOf(code))
                            .register(registry));
        }

        Counter errors(String code) {
            return errorsByCode.computeIfAbsent(
                    code,
                    key -> Counter.builder("edge.errors")
                            .description("Requests the host answered instead of the guest, by error code")
                            .tags("function", function, "error", key)
                            .register(registry));
        }
    }

    /** Every metric in the Prometheus text exposition format. */
    String scrape() {
        return registry.scrape();
    }
}

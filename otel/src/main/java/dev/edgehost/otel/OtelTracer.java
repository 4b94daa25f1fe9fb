package dev.edgehost.otel;

import dev.edgehost.host.spi.RequestSpan;
import dev.edgehost.host.spi.RequestTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Traces the host's function requests with OpenTelemetry: a server span per request, joined to
 * the client's W3C {@code traceparent} (an invalid one starts a new trace), with a client span per
 * fetch and per key-value call, and the function's log lines as log records of the request span.
 * Pass it to {@code EdgeHost.builder().tracer(...)} or {@code EdgeServer.builder().tracer(...)}.
 *
 * <p>{@link #of} uses an {@link OpenTelemetry} the embedder configured (and closes nothing);
 * {@link #otlp} builds the SDK with batched, asynchronous OTLP/HTTP export of its own, which
 * {@link #close} flushes and shuts down. Thread-safe.
 */
public final class OtelTracer implements RequestTracer {
    static final String SCOPE = "dev.edgehost.host";

    private static final TextMapGetter<String> TRACEPARENT =
            new TextMapGetter<>() {
                // Deprecated, yet still abstract: a getter has to implement it.
                @Override
                @SuppressWarnings("deprecation")
                public Iterable<String> keys(String carrier) {
                    return List.of("traceparent");
                }

                @Override
                public String get(String carrier, String key) {
                    return "traceparent".equals(key) ? carrier : null;
                }
            };

    private final Tracer tracer;
    private final Logger logger;
    private final AutoCloseable owned;

    private OtelTracer(OpenTelemetry openTelemetry, AutoCloseable owned) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.logger = openTelemetry.getLogsBridge().get(SCOPE);
        this.owned = owned;
    }

    /** Traces with the embedder's own OpenTelemetry; closing the tracer leaves it open. */
    public static OtelTracer of(OpenTelemetry openTelemetry) {
        return new OtelTracer(Objects.requireNonNull(openTelemetry, "openTelemetry"), null);
    }

    /**
     * Traces with an SDK of its own that exports to an OTLP/HTTP collector.
     *
     * @param endpoint the collector's base URL, such as {@code http://localhost:4318}: spans go to
     *     {@code /v1/traces} under it, log records to {@code /v1/logs}
     */
    public static Builder otlp(URI endpoint) {
        return new Builder(endpoint);
    }

    @Override
    public RequestSpan start(String function, String requestId, String method, String traceparent) {
        Context parent =
                traceparent == null
                        ? Context.root()
                        : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        return OtelRequestSpan.start(tracer, logger, parent, function, requestId, method);
    }

    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("the OpenTelemetry SDK did not shut down cleanly", e);
        }
    }

    /** The settings of OTLP export; not thread-safe. */
    public static final class Builder {
        private final URI endpoint;
        private String serviceName = "edge-host";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration exportInterval = Duration.ofSeconds(1);

        private Builder(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("the OTLP endpoint is not an http(s) URL: " + endpoint);
            }
            this.endpoint = endpoint;
        }

        /** The {@code service.name} of the host's spans and log records; {@code edge-host} unless set. */
        public Builder serviceName(String serviceName) {
            if (Objects.requireNonNull(serviceName, "serviceName").isBlank()) {
                throw new IllegalArgumentException("the service name is empty");
            }
            this.serviceName = serviceName;
            return this;
        }

        /** A header sent with every export, such as {@code authorization} for the collector. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long spans and log records wait in the buffer before they are sent; 1 s unless set. */
        public Builder exportInterval(Duration exportInterval) {
            if (exportInterval.isNegative() || exportInterval.isZero() || exportInterval.toMinutes() > 10) {
                throw new IllegalArgumentException("the export interval must be between 1 ms and 10 minutes: " + exportInterval);
            }
            this.exportInterval = exportInterval;
            return this;
        }

        public OtelTracer build() {
            OtlpSdk sdk = OtlpSdk.start(endpoint, serviceName, headers, exportInterval);
            return new OtelTracer(sdk.openTelemetry(), sdk);
        }
    }
}

package dev.edgehost.otel;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestRecord;
import dev.edgehost.host.spi.RequestSpan;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** One request's server span and its children; see {@link SpanAttributes} for what they carry. Used by the request's worker. */
final class OtelRequestSpan implements RequestSpan {
    private static final Set<String> KV_SUCCESSES = Set.of("hit", "miss", "ok", "deleted", "absent");
    /** A fetch's method as the guest wrote it, before the host checked it; anything else is named {@code _OTHER}, as the conventions do. */
    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}");

    private final Tracer tracer;
    private final Logger logger;
    private final Span span;
    private final Context context;
    private final String function;
    private final String requestId;

    private OtelRequestSpan(Tracer tracer, Logger logger, Span span, Context context, String function, String requestId) {
        this.tracer = tracer;
        this.logger = logger;
        this.span = span;
        this.context = context;
        this.function = function;
        this.requestId = requestId;
    }

    static OtelRequestSpan start(Tracer tracer, Logger logger, Context parent, String function, String requestId, String method) {
        Span span =
                tracer.spanBuilder(method + " " + function)
                        .setParent(parent)
                        .setSpanKind(SpanKind.SERVER)
                        .setAttribute(SpanAttributes.FUNCTION, function)
                        .setAttribute(SpanAttributes.REQUEST_ID, requestId)
                        .setAttribute(SpanAttributes.HTTP_METHOD, method)
                        .startSpan();
        return new OtelRequestSpan(tracer, logger, span, parent.with(span), function, requestId);
    }

    @Override
    public String traceparent() {
        return traceparent(span.getSpanContext());
    }

    @Override
    public Fetch fetch(String guestMethod, String url) {
        String method = METHOD.matcher(guestMethod).matches() ? guestMethod : "_OTHER";
        var builder =
                tracer.spanBuilder("fetch " + method)
                        .setParent(context)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute(SpanAttributes.HTTP_METHOD, method)
                        .setAttribute(SpanAttributes.URL_FULL, url);
        URI target = parsed(url);
        if (target != null && target.getHost() != null) {
            builder.setAttribute(SpanAttributes.SERVER_ADDRESS, target.getHost());
            if (target.getPort() > 0) {
                builder.setAttribute(SpanAttributes.SERVER_PORT, (long) target.getPort());
            }
        }
        Span fetch = builder.startSpan();
        return new Fetch() {
            @Override
            public String traceparent() {
                return OtelRequestSpan.traceparent(fetch.getSpanContext());
            }

            @Override
            public void end(int status, String error) {
                if (status > 0) {
                    fetch.setAttribute(SpanAttributes.HTTP_STATUS, (long) status);
                }
                if (error != null) {
                    fetch.setAttribute(SpanAttributes.ERROR_CODE, error);
                    fetch.setStatus(StatusCode.ERROR, error);
                } else if (status >= 500) {
                    fetch.setStatus(StatusCode.ERROR);
                }
                fetch.end();
            }
        };
    }

    @Override
    public void kv(String operation, String store, String outcome, long startEpochNanos, long durationNanos) {
        Span kv =
                tracer.spanBuilder("kv " + operation)
                        .setParent(context)
                        .setSpanKind(SpanKind.CLIENT)
                        .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                        .setAttribute(SpanAttributes.KV_OPERATION, operation)
                        .setAttribute(SpanAttributes.KV_STORE, store)
                        .setAttribute(SpanAttributes.KV_OUTCOME, outcome)
                        .startSpan();
        if (!KV_SUCCESSES.contains(outcome)) {
            kv.setStatus(StatusCode.ERROR, outcome);
        }
        kv.end(startEpochNanos + durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void log(FunctionLogListener.LogLine line) {
        logger.logRecordBuilder()
                .setTimestamp(line.time())
                .setContext(context)
                .setSeverity(severity(line.level()))
                .setSeverityText(line.level().name())
                .setBody(line.message())
                .setAttribute(SpanAttributes.FUNCTION, function)
                .setAttribute(SpanAttributes.REQUEST_ID, requestId)
                .setAttribute(SpanAttributes.LOG_SOURCE, line.source())
                .emit();
    }

    @Override
    public void end(RequestRecord record) {
        span.setAttribute(SpanAttributes.VERSION, record.version());
        span.setAttribute(SpanAttributes.HTTP_STATUS, (long) record.status());
        span.setAttribute(SpanAttributes.FUEL, record.fuelUsed());
        span.setAttribute(SpanAttributes.INSTANTIATE_MS, record.instantiateNanos() / 1e6);
        span.setAttribute(SpanAttributes.EXECUTE_MS, record.executeNanos() / 1e6);
        span.setAttribute(SpanAttributes.KV_OPERATIONS, (long) record.kvOperations());
        span.setAttribute(SpanAttributes.FETCHES, (long) record.fetches());
        if (record.error() != null) {
            span.setAttribute(SpanAttributes.ERROR_CODE, record.error());
            span.setStatus(StatusCode.ERROR, record.error());
        } else if (record.status() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    private static URI parsed(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Severity severity(LogLevel level) {
        switch (level) {
            case DEBUG:
                return Severity.DEBUG;
            case INFO:
                return Severity.INFO;
            case WARN:
                return Severity.WARN;
            default:
                return Severity.ERROR;
        }
    }
}

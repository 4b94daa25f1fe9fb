package dev.edgehost.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once that export to the collector fails, and once that it works again: an outage of the
 * collector costs the host the spans and log records of that time and one log line, not a line
 * per batch. Thread-safe.
 */
final class ExportFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ExportFailures.class);

    private final String endpoint;
    private final AtomicBoolean failing = new AtomicBoolean();

    ExportFailures(String endpoint) {
        this.endpoint = endpoint;
    }

    SpanExporter spans(SpanExporter exporter) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return watched(() -> exporter.export(spans));
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }
        };
    }

    LogRecordExporter logs(LogRecordExporter exporter) {
        return new LogRecordExporter() {
            @Override
            public CompletableResultCode export(Collection<LogRecordData> logs) {
                return watched(() -> exporter.export(logs));
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }
        };
    }

    private CompletableResultCode watched(Supplier<CompletableResultCode> export) {
        CompletableResultCode result = export.get();
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                if (failing.compareAndSet(true, false)) {
                    LOG.info("OTLP export to {} works again", endpoint);
                }
            } else if (failing.compareAndSet(false, true)) {
                Throwable cause = result.getFailureThrowable();
                LOG.warn(
                        "OTLP export to {} failed ({}); spans and log records are dropped until it answers again (said once, then once when it does)",
                        endpoint, cause == null ? "the collector refused them" : cause.toString());
            }
        });
        return result;
    }
}

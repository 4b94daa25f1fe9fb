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
 * Says once that export of one signal (spans, or log records) to the collector fails, and once
 * that it works again: an outage of the collector costs the host what it would have sent then and
 * a log line, not a line per batch. One per signal, so that a collector taking traces but not
 * logs is said once, not every batch. Thread-safe.
 */
final class ExportFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ExportFailures.class);

    private final String endpoint;
    private final String signal;
    private final AtomicBoolean failing = new AtomicBoolean();

    /** @param signal {@code spans} or {@code log records}, as the log line names it */
    ExportFailures(String endpoint, String signal) {
        this.endpoint = endpoint;
        this.signal = signal;
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
                    LOG.info("OTLP export of {} to {} works again", signal, endpoint);
                }
            } else if (failing.compareAndSet(false, true)) {
                Throwable cause = result.getFailureThrowable();
                LOG.warn(
                        "OTLP export of {} to {} failed ({}); they are dropped until it takes them again (said once, then once when it does)",
                        signal, endpoint, cause == null ? "the collector refused them" : cause.toString());
            }
        });
        return result;
    }
}

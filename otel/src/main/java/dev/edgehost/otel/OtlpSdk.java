package dev.edgehost.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The OpenTelemetry SDK the host builds for itself: spans and log records wait in bounded
 * buffers and a background thread sends them in batches over OTLP/HTTP, with the JDK's HTTP
 * client, so a request only ever adds to a buffer; when the buffer is full or the collector is
 * down they are dropped, and {@link ExportFailures} says so once. Thread-safe.
 */
final class OtlpSdk implements AutoCloseable {
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);
    private static final long SHUTDOWN_SECONDS = 5;
    private static final int SPAN_QUEUE = 8192;
    // A log record may hold 8 KiB of a guest's line: 2048 of them are at most 16 MiB.
    private static final int LOG_QUEUE = 2048;
    // The SDK's OTLP exporters log each failed export through java.util.logging; ExportFailures
    // logs the outage once instead. Held here, because java.util.logging keeps loggers only weakly.
    private static final java.util.logging.Logger SDK_EXPORT_LOG =
            java.util.logging.Logger.getLogger("io.opentelemetry.exporter.otlp.internal");

    private final OpenTelemetrySdk sdk;

    private OtlpSdk(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    static OtlpSdk start(URI endpoint, String serviceName, Map<String, String> headers, Duration exportInterval) {
        SDK_EXPORT_LOG.setLevel(Level.OFF);
        String base = endpoint.toString().replaceAll("/+$", "");
        Resource resource = Resource.getDefault().merge(Resource.builder().put(AttributeKey.stringKey("service.name"), serviceName).build());
        OtlpHttpSpanExporterBuilder spans = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").setTimeout(EXPORT_TIMEOUT);
        OtlpHttpLogRecordExporterBuilder logs = OtlpHttpLogRecordExporter.builder().setEndpoint(base + "/v1/logs").setTimeout(EXPORT_TIMEOUT);
        headers.forEach((name, value) -> {
            spans.addHeader(name, value);
            logs.addHeader(name, value);
        });
        SdkTracerProvider tracerProvider =
                SdkTracerProvider.builder()
                        .setResource(resource)
                        .addSpanProcessor(
                                BatchSpanProcessor.builder(new ExportFailures(base, "spans").spans(spans.build()))
                                        .setScheduleDelay(exportInterval)
                                        .setMaxQueueSize(SPAN_QUEUE)
                                        .build())
                        .build();
        SdkLoggerProvider loggerProvider =
                SdkLoggerProvider.builder()
                        .setResource(resource)
                        .addLogRecordProcessor(
                                BatchLogRecordProcessor.builder(new ExportFailures(base, "log records").logs(logs.build()))
                                        .setScheduleDelay(exportInterval)
                                        .setMaxQueueSize(LOG_QUEUE)
                                        .build())
                        .build();
        return new OtlpSdk(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).setLoggerProvider(loggerProvider).build());
    }

    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Sends what is buffered, waiting at most 5 s, and stops the export threads. */
    @Override
    public void close() {
        sdk.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    }
}

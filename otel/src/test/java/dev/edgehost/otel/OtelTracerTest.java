package dev.edgehost.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.FetchCacheCounts;
import dev.edgehost.host.spi.RequestRecord;
import dev.edgehost.host.spi.RequestSpan;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link OtelTracer} over an embedder's own OpenTelemetry, driven through the tracing SPI as the host drives it. */
class OtelTracerTest {

    /** Keeps the spans it is given. */
    private static final class Collected implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();
        final AtomicBoolean shutDown = new AtomicBoolean();

        @Override
        public CompletableResultCode export(Collection<SpanData> exported) {
            spans.addAll(exported);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            shutDown.set(true);
            return CompletableResultCode.ofSuccess();
        }
    }

    @Test
    void of_embeddersOpenTelemetry_spansGoToItAndCloseLeavesItOpen() {
        Collected collected = new Collected();
        OpenTelemetrySdk sdk =
                OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collected)).build())
                        .build();
        OtelTracer tracer = OtelTracer.of(sdk);

        RequestSpan span = tracer.start("fn", "req-1", "POST", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        span.fetch("GET\r\nx-injected: 1", "http://origin.test/a").end(0, "invalid_argument");
        span.end(new RequestRecord("req-1", "fn", "0a16ec30c5a3", "POST", 200, 0, 0, 1, 1, 1, 3, 0, 1, null, null, null, 1, FetchCacheCounts.NONE));
        tracer.close();

        assertFalse(collected.shutDown.get(), "the embedder's SDK stays open");
        assertTrue(collected.spans.isEmpty(), "an incoming traceparent that is not sampled is followed: " + collected.spans);
        RequestSpan sampled = tracer.start("fn", "req-2", "POST", null);
        assertTrue(sampled.traceparent().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]"), "sampled: " + sampled.traceparent());
        sampled.fetch("GET\r\nx-injected: 1", "http://origin.test/a").end(0, "invalid_argument");
        sampled.end(new RequestRecord("req-2", "fn", "0a16ec30c5a3", "POST", 200, 0, 0, 1, 1, 1, 3, 0, 1, null, null, null, 1, FetchCacheCounts.NONE));
        assertEquals(2, collected.spans.size());
        SpanData fetch = collected.spans.get(0);
        assertEquals("fetch _OTHER", fetch.getName(), "a method that is no token never reaches a span");
        assertEquals(SpanKind.CLIENT, fetch.getKind());
        assertEquals("invalid_argument", fetch.getAttributes().get(SpanAttributes.ERROR_CODE));
        assertEquals("origin.test", fetch.getAttributes().get(SpanAttributes.SERVER_ADDRESS));
        assertEquals(SpanKind.SERVER, collected.spans.get(1).getKind());
        assertEquals(sampled.traceparent().substring(36, 52), fetch.getParentSpanId());
        sdk.close();
    }

    @Test
    void otlp_endpointNotHttp_refused() {
        assertThrows(IllegalArgumentException.class, () -> OtelTracer.otlp(URI.create("ftp://collector:4318")));
        assertThrows(IllegalArgumentException.class, () -> OtelTracer.otlp(URI.create("http://collector:4318")).serviceName(" "));
    }
}

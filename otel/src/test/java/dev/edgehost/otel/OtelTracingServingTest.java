package dev.edgehost.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.TestOrigin;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real host exporting to a real OTLP receiver on loopback, with a JavaScript guest that uses the
 * key-value store, fetches a loopback origin and logs: the span tree, its attributes and the logs.
 */
class OtelTracingServingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String SCRIPT =
            "export default {\n"
                    + "  async fetch(request, env) {\n"
                    + "    console.log('traced request');\n"
                    + "    await env.KV.put('k', 'v');\n"
                    + "    const got = await env.KV.get('k');\n"
                    + "    const missing = await env.KV.get('nope');\n"
                    + "    const origin = await fetch(env.origin + '/data?secret=s3cr3t');\n"
                    + "    return new Response(got + ' ' + (missing === null) + ' ' + await origin.text());\n"
                    + "  },\n"
                    + "};\n";

    @Test
    void request_incomingTraceparent_exportsSpanTreeJoinedToIt() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                TestOrigin origin = TestOrigin.start().route("/data", TestOrigin.answer(200, "from origin"));
                TestHost host = TestHost.start(null, builder -> builder.tracer(tracer(receiver)))) {
            host.deployScriptOrFail("traced", SCRIPT, "fetch-allow=" + origin.origin() + "&config.origin=" + origin.origin());

            HttpResponse<String> response =
                    host.send(HttpRequest.newBuilder(host.uri("/traced"))
                            .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
                            .build());

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("v true from origin", response.body());
            List<Span> spans = receiver.spans(received -> received.size() >= 5);
            Span request = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
            assertEquals(TRACE_ID, hex(request.getTraceId()));
            assertEquals(PARENT_SPAN_ID, hex(request.getParentSpanId()));
            assertEquals("GET traced", request.getName());
            Map<String, AnyValue> attributes = attributes(request);
            assertEquals("traced", attributes.get("edge.function").getStringValue());
            assertTrue(attributes.get("edge.function.version").getStringValue().matches("[0-9a-f]{12}"), attributes.toString());
            assertEquals(response.headers().firstValue("x-request-id").orElseThrow(), attributes.get("edge.request_id").getStringValue());
            assertEquals("GET", attributes.get("http.request.method").getStringValue());
            assertEquals(200, attributes.get("http.response.status_code").getIntValue());
            assertTrue(attributes.get("edge.fuel").getIntValue() > 0, attributes.toString());
            assertTrue(attributes.get("edge.instantiate_ms").getDoubleValue() > 0, attributes.toString());
            assertTrue(attributes.get("edge.execute_ms").getDoubleValue() > 0, attributes.toString());
            assertEquals(3, attributes.get("edge.kv_operations").getIntValue());
            assertEquals(1, attributes.get("edge.fetches").getIntValue());
            assertFalse(attributes.containsKey("edge.error_code"));

            Span fetch = only(spans.stream().filter(span -> span.getName().startsWith("fetch")).collect(Collectors.toList()), Span.SpanKind.SPAN_KIND_CLIENT);
            assertEquals(TRACE_ID, hex(fetch.getTraceId()));
            assertEquals(hex(request.getSpanId()), hex(fetch.getParentSpanId()));
            Map<String, AnyValue> fetchAttributes = attributes(fetch);
            assertEquals(origin.origin() + "/data", fetchAttributes.get("url.full").getStringValue());
            assertEquals("127.0.0.1", fetchAttributes.get("server.address").getStringValue());
            assertEquals(origin.port(), fetchAttributes.get("server.port").getIntValue());
            assertEquals(200, fetchAttributes.get("http.response.status_code").getIntValue());
            assertEquals(
                    "00-" + TRACE_ID + "-" + hex(fetch.getSpanId()) + "-01",
                    origin.received().get(0).header("traceparent"),
                    "the origin gets the fetch span's own context");

            List<String> kvCalls =
                    spans.stream()
                            .filter(span -> span.getName().startsWith("kv "))
                            .peek(span -> assertEquals(hex(request.getSpanId()), hex(span.getParentSpanId())))
                            .map(span -> attributes(span).get("edge.kv.operation").getStringValue() + " "
                                    + attributes(span).get("edge.kv.store").getStringValue() + " "
                                    + attributes(span).get("edge.kv.outcome").getStringValue())
                            .collect(Collectors.toList());
            assertEquals(List.of("set traced ok", "get traced hit", "get traced miss"), kvCalls);
            assertEquals(List.of("edge-host"), receiver.serviceNames().stream().distinct().collect(Collectors.toList()));
            for (Span span : spans) {
                assertFalse(span.toString().contains("s3cr3t"), "no query string leaves the host: " + span);
            }

            List<LogRecord> logs = receiver.logs(received -> !received.isEmpty());
            LogRecord line = logs.get(0);
            assertEquals("traced request", line.getBody().getStringValue());
            assertEquals(TRACE_ID, hex(line.getTraceId()));
            assertEquals(hex(request.getSpanId()), hex(line.getSpanId()));
            assertEquals("INFO", line.getSeverityText());
            Map<String, AnyValue> logAttributes = logAttributes(line);
            assertEquals("traced", logAttributes.get("edge.function").getStringValue());
            assertEquals("guest", logAttributes.get("edge.log.source").getStringValue());
        }
    }

    @Test
    void request_invalidTraceparent_startsNewTrace() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                TestHost host = TestHost.start(null, builder -> builder.tracer(tracer(receiver)))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");

            HttpResponse<String> response =
                    host.send(HttpRequest.newBuilder(host.uri("/hello")).header("traceparent", "00-" + "0".repeat(32) + "-" + PARENT_SPAN_ID + "-01").build());

            assertEquals(200, response.statusCode());
            Span request = only(receiver.spans(received -> !received.isEmpty()), Span.SpanKind.SPAN_KIND_SERVER);
            assertTrue(request.getParentSpanId().isEmpty(), "a root span");
            assertTrue(hex(request.getTraceId()).matches("[0-9a-f]{32}") && !hex(request.getTraceId()).equals("0".repeat(32)));
        }
    }

    @Test
    void request_guestFails_spanHasErrorCodeAndStatus() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                TestHost host = TestHost.start(null, builder -> builder.tracer(tracer(receiver)))) {
            host.deployOrFail("loop", TestHost.sample("loop"), "");

            HttpResponse<String> response = host.get("/loop");

            assertEquals(503, response.statusCode());
            Span request = only(receiver.spans(received -> !received.isEmpty()), Span.SpanKind.SPAN_KIND_SERVER);
            Map<String, AnyValue> attributes = attributes(request);
            assertEquals("fuel_exhausted", attributes.get("edge.error_code").getStringValue());
            assertEquals(503, attributes.get("http.response.status_code").getIntValue());
            assertEquals(Status.StatusCode.STATUS_CODE_ERROR, request.getStatus().getCode());
        }
    }

    @Test
    void otlp_serviceNameAndHeaders_sentToCollector() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                TestHost host =
                        TestHost.start(null, builder -> builder.tracer(
                                OtelTracer.otlp(receiver.endpoint())
                                        .serviceName("edge-eu-1")
                                        .header("authorization", "Bearer t0ken")
                                        .exportInterval(Duration.ofMillis(50))
                                        .build()))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");

            assertEquals(200, host.get("/hello").statusCode());

            receiver.spans(received -> !received.isEmpty());
            assertEquals(List.of("edge-eu-1"), receiver.serviceNames());
            assertEquals(List.of("Bearer t0ken"), receiver.authorizations());
        }
    }

    @Test
    void otlp_collectorWithoutLogs_saidOnceAndSpansStillExported() throws InterruptedException {
        Logger failures = (Logger) LoggerFactory.getLogger(ExportFailures.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        failures.addAppender(logged);
        try (OtlpReceiver receiver = OtlpReceiver.withoutLogs();
                TestHost host = TestHost.start(null, builder -> builder.tracer(tracer(receiver)))) {
            host.deployOrFail("clock-random", TestHost.sample("clock-random"), "");

            for (int i = 0; i < 5; i++) {
                assertEquals(200, host.get("/clock-random").statusCode());
                // Past the export interval, so that each request's log line goes in a batch of its own.
                Thread.sleep(150);
            }

            assertEquals(5, receiver.spans(received -> received.size() >= 5).size());
        } finally {
            failures.detachAppender(logged);
        }
        List<String> warnings =
                logged.list.stream().filter(event -> event.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("OTLP export of log records to "), warnings.get(0));
    }

    static OtelTracer tracer(OtlpReceiver receiver) {
        return OtelTracer.otlp(receiver.endpoint()).exportInterval(Duration.ofMillis(50)).build();
    }

    private static Span only(List<Span> spans, Span.SpanKind kind) {
        List<Span> matching = spans.stream().filter(span -> span.getKind() == kind).collect(Collectors.toList());
        assertEquals(1, matching.size(), "one " + kind + " span in " + spans);
        return matching.get(0);
    }

    private static Map<String, AnyValue> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static Map<String, AnyValue> logAttributes(LogRecord line) {
        assertNotNull(line);
        return line.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}

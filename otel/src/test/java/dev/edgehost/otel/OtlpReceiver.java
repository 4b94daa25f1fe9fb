package dev.edgehost.otel;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real OTLP/HTTP collector on loopback for tests: takes {@code POST /v1/traces} and
 * {@code /v1/logs} as protobuf, as the exporter sends them, and keeps what it decoded.
 */
final class OtlpReceiver implements AutoCloseable {
    private final Undertow server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    private final List<String> serviceNames = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private OtlpReceiver(boolean takesLogs) {
        PathHandler paths = new PathHandler().addExactPath("/v1/traces", this::acceptTraces);
        if (takesLogs) {
            paths.addExactPath("/v1/logs", this::acceptLogs);
        }
        this.server = Undertow.builder().addHttpListener(0, "127.0.0.1", new BlockingHandler(paths)).build();
        server.start();
    }

    static OtlpReceiver start() {
        return new OtlpReceiver(true);
    }

    /** A collector that takes traces only, as some do: {@code /v1/logs} answers 404. */
    static OtlpReceiver withoutLogs() {
        return new OtlpReceiver(false);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }

    private void acceptTraces(HttpServerExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("authorization")));
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getInputStream().readAllBytes());
        request.getResourceSpansList().forEach(resource -> {
            resource.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .forEach(attribute -> serviceNames.add(attribute.getValue().getStringValue()));
            resource.getScopeSpansList().forEach(scope -> spans.addAll(scope.getSpansList()));
        });
        answer(exchange);
    }

    private void acceptLogs(HttpServerExchange exchange) throws IOException {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(exchange.getInputStream().readAllBytes());
        request.getResourceLogsList().forEach(resource -> resource.getScopeLogsList().forEach(scope -> logs.addAll(scope.getLogRecordsList())));
        answer(exchange);
    }

    private static void answer(HttpServerExchange exchange) {
        // An empty Export*ServiceResponse: everything accepted.
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-protobuf");
        exchange.setStatusCode(200);
        exchange.getResponseSender().send("");
    }

    /** The spans received, waiting up to 10 s until {@code done} holds for them. */
    List<Span> spans(Predicate<List<Span>> done) {
        return await(spans, done);
    }

    List<LogRecord> logs(Predicate<List<LogRecord>> done) {
        return await(logs, done);
    }

    List<String> serviceNames() {
        return List.copyOf(serviceNames);
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private static <T> List<T> await(List<T> received, Predicate<List<T>> done) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.test(List.copyOf(received)) && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop();
    }
}

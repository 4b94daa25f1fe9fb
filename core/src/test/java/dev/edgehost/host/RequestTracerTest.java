package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestRecord;
import dev.edgehost.host.spi.RequestSpan;
import dev.edgehost.host.spi.RequestTracer;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The tracing SPI as the host drives it: what a tracer is told of a request, its key-value calls and fetches, and when it fails. */
class RequestTracerTest {
    private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String SPAN = "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01";

    /** Writes down everything it is told, as lines. */
    private static final class Recording implements RequestTracer {
        final List<String> told = new CopyOnWriteArrayList<>();
        final List<RequestRecord> ended = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public RequestSpan start(String function, String requestId, String method, String traceparent) {
            told.add("start " + function + " " + method + " " + traceparent);
            return new RequestSpan() {
                @Override
                public String traceparent() {
                    return SPAN;
                }

                @Override
                public Fetch fetch(String method, String url) {
                    told.add("fetch " + method + " " + url);
                    return new Fetch() {
                        @Override
                        public String traceparent() {
                            return "00-4bf92f3577b34da6a3ce929d0e0e4736-2222222222222222-01";
                        }

                        @Override
                        public void end(int status, String error) {
                            told.add("fetch end " + status + " " + error);
                        }
                    };
                }

                @Override
                public void kv(String operation, String store, String outcome, long startEpochNanos, long durationNanos) {
                    assertTrue(startEpochNanos > 0 && durationNanos >= 0);
                    told.add("kv " + operation + " " + store + " " + outcome);
                }

                @Override
                public void log(FunctionLogListener.LogLine line) {
                    told.add("log " + line.source() + " " + line.message());
                }

                @Override
                public void end(RequestRecord record) {
                    ended.add(record);
                }
            };
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void handle_kvCalls_toldWithStoreAndOutcome() {
        Recording tracer = new Recording();
        try (EdgeHost host = EdgeHost.builder().workers(1).tracer(tracer).build()) {
            host.deploy("kv-counter", TestGuests.sample("kv-counter"), FunctionSettings.defaults());
            host.deploy(
                    "kv-flood",
                    TestGuests.sample("kv-flood"),
                    FunctionSettings.builder().kvStore("shared").limits(FunctionLimits.builder().kvMaxOperations(2).build()).build());

            EdgeResponse counted =
                    host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/kv-counter")).header("traceparent", INCOMING).build());
            host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/kv-flood")).build());

            assertEquals(200, counted.status());
            assertEquals(
                    List.of(
                            "start kv-counter GET " + INCOMING,
                            "kv increment kv-counter ok",
                            "start kv-flood GET null",
                            "kv set shared ok",
                            "kv set shared ok",
                            "kv set shared limit_exceeded"),
                    tracer.told);
            RequestRecord record = tracer.ended.get(0);
            assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", record.traceId());
            assertEquals("1111111111111111", record.spanId());
            assertEquals(200, record.status());
        }
        assertTrue(tracer.closed.get(), "the host closes its tracer");
    }

    @Test
    void handle_refusedFetchAndFailure_toldWithErrorCodes() {
        Recording tracer = new Recording();
        try (EdgeHost host = EdgeHost.builder().workers(1).tracer(tracer).build()) {
            host.deploy(
                    "fetch-storm",
                    TestGuests.sample("fetch-storm"),
                    FunctionSettings.builder().config("url", "http://127.0.0.1:9/not-allowed?token=secret").build());
            // Little fuel, so that it runs out long before the deadline on a loaded machine.
            host.deploy("loop", TestGuests.sample("loop"), FunctionSettings.builder().limits(FunctionLimits.builder().fuel(1_000_000).build()).build());

            host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/fetch-storm")).build());
            try {
                host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/loop")).build());
            } catch (FuelExhaustedException expected) {
                // The host answers 503 fuel_exhausted; the span is told so.
            }

            assertEquals("fetch GET http://127.0.0.1:9/not-allowed", tracer.told.get(1), "no query string: " + tracer.told);
            assertTrue(tracer.told.get(2).startsWith("log host fetch refused: GET http://127.0.0.1:9/not-allowed: "), tracer.told.toString());
            assertEquals("fetch end 0 denied", tracer.told.get(3));
            assertNull(tracer.ended.get(0).error());
            RequestRecord loop = tracer.ended.get(1);
            assertEquals("fuel_exhausted", loop.error());
            assertEquals(503, loop.status());
        }
    }

    @Test
    void handle_tracerThatThrows_requestServedUntraced() {
        RequestTracer broken = (function, requestId, method, traceparent) -> {
            throw new IllegalStateException("broken tracer");
        };
        try (EdgeHost host = EdgeHost.builder().workers(1).tracer(broken).build()) {
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());

            EdgeResponse response = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/hello")).build());

            assertEquals(200, response.status());
        }
    }
}

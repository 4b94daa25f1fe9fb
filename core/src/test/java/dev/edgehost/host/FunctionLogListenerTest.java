package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.testing.TestGuests;
import dev.edgehost.testing.TestOrigin;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A log listener is told of every guest line, every host note and every finished request, in order. */
class FunctionLogListenerTest {
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private EdgeHost host;

    @BeforeEach
    void startHost() {
        host = EdgeHost.builder()
                .workers(2)
                .logListener(new FunctionLogListener() {
                    @Override
                    public void logged(LogLine line) {
                        events.add(line);
                    }

                    @Override
                    public void finished(RequestLine request) {
                        events.add(request);
                    }
                })
                .logListener(new FunctionLogListener() {
                    @Override
                    public void logged(LogLine line) {
                        throw new IllegalStateException("a broken listener");
                    }

                    @Override
                    public void finished(RequestLine request) {
                        throw new IllegalStateException("a broken listener");
                    }
                })
                .build();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    private EdgeResponse get(String url) {
        return host.handle(EdgeRequest.builder("GET", URI.create(url)).requestId("request-0001").build());
    }

    @Test
    void request_guestLinesThenTheRequest_inOrder() {
        host.deploy("wasi", TestGuests.sample("wasi"), FunctionSettings.defaults());

        EdgeResponse response = get("http://localhost/wasi/some/path?secret=1");

        assertEquals(200, response.status(), "a throwing listener fails no request");
        List<String> lines = events.stream()
                .filter(FunctionLogListener.LogLine.class::isInstance)
                .map(FunctionLogListener.LogLine.class::cast)
                .map(line -> line.function() + " " + line.requestId() + " " + line.source() + " " + line.level() + " " + line.message())
                .collect(Collectors.toList());
        assertEquals(
                List.of("wasi request-0001 guest INFO hello from stdout", "wasi request-0001 guest WARN hello from stderr",
                        "wasi request-0001 guest INFO hello from log"),
                lines);
        FunctionLogListener.RequestLine request = (FunctionLogListener.RequestLine) events.get(events.size() - 1);
        assertEquals("wasi", request.function());
        assertEquals("request-0001", request.requestId());
        assertEquals("GET", request.method());
        assertEquals("/wasi/some/path", request.path(), "the path, without the query");
        assertEquals(200, request.status());
        assertEquals(response.fuelUsed(), request.fuelUsed());
        assertTrue(request.totalNanos() > 0);
        assertNull(request.error());
        assertNull(request.message());
    }

    @Test
    void failedRequest_carriesTheErrorCodeAndMessage() {
        host.deploy("trap", TestGuests.sample("trap"), FunctionSettings.defaults());

        assertThrows(GuestTrapException.class, () -> get("http://localhost/trap"));

        FunctionLogListener.RequestLine request = (FunctionLogListener.RequestLine) events.get(events.size() - 1);
        assertEquals(500, request.status());
        assertEquals("trap", request.error());
        assertTrue(request.message().startsWith("the guest trapped: "), request.message());
    }

    @Test
    void refusedFetch_isAHostNoteOfTheRequest() {
        try (TestOrigin origin = TestOrigin.start()) {
            origin.route("/", TestOrigin.answer(200, "hello"));
            host.deploy("gateway", TestGuests.sample("gateway"),
                    FunctionSettings.builder().allowFetch(origin.origin())
                            .config("allowed", origin.origin() + "/ok").config("denied", "http://127.0.0.1:1/no?key=k").build());

            get("http://localhost/gateway");
        }

        FunctionLogListener.LogLine note = (FunctionLogListener.LogLine) events.get(0);
        assertEquals(FunctionLogListener.LogLine.HOST, note.source());
        assertEquals(LogLevel.WARN, note.level());
        assertEquals("fetch refused: GET http://127.0.0.1:1/no: origin not on the allow-list: http://127.0.0.1:1 (denied)", note.message());
    }
}

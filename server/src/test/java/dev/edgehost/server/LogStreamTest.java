package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionSettings;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /functions/{name}/logs} on a real server: the recent events, then live ones, as server-sent events. */
class LogStreamTest {
    /** Logs {@code x-lines} lines (a decimal digit, default 1) of 8 KiB, then answers "ok". */
    private static final String LOGGER =
            "(module (import \"edge\" \"log\" (func $log (param i32 i32 i32)))"
                    + " (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                    + " (import \"edge\" \"req_header\" (func $header (param i32 i32 i32 i32) (result i32)))"
                    + " (memory (export \"memory\") 2) (data (i32.const 0) \"okx-lines\")"
                    + " (func (export \"handle\") (local $n i32) (local $i i32)"
                    + "  (local.set $n (i32.const 1))"
                    + "  (if (i32.eq (call $header (i32.const 2) (i32.const 7) (i32.const 16) (i32.const 4)) (i32.const 1))"
                    + "   (then (local.set $n (i32.sub (i32.load8_u (i32.const 16)) (i32.const 48)))))"
                    + "  (block $done (loop $l (br_if $done (i32.ge_u (local.get $i) (local.get $n)))"
                    + "   (call $log (i32.const 1) (i32.const 1024) (i32.const 8192))"
                    + "   (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))"
                    + "  (drop (call $write (i32.const 0) (i32.const 2)))))";

    private TestHost host;

    @BeforeEach
    void start() {
        host = TestHost.start(null);
        host.deployOrFail("wasi", TestHost.sample("wasi"), "");
        host.deployOrFail("trap", TestHost.sample("trap"), "");
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private SseEvents follow(String function, String query) {
        return SseEvents.open(host.client(), host.adminUri("/functions/" + function + "/logs" + query));
    }

    @Test
    void follow_seesGuestLinesThenTheRequest_andStaysOpen() throws Exception {
        try (SseEvents stream = follow("wasi", "")) {
            assertEquals(200, stream.response().statusCode());
            assertEquals("text/event-stream; charset=UTF-8", stream.response().headers().firstValue("content-type").orElseThrow());

            HttpResponse<String> answer = host.get("/wasi/some/path?secret=1");

            List<SseEvents.Event> events = stream.until(event -> event.type().equals("request"));
            String requestId = answer.headers().firstValue("x-request-id").orElseThrow();
            assertEquals(List.of("log", "log", "log", "request"), events.stream().map(SseEvents.Event::type).collect(Collectors.toList()));
            assertEquals(List.of("hello from stdout", "hello from stderr", "hello from log"),
                    events.subList(0, 3).stream().map(event -> event.data().path("message").asText()).collect(Collectors.toList()));
            assertEquals("warn", events.get(1).data().path("level").asText());
            SseEvents.Event log = events.get(0);
            assertEquals("wasi", log.data().path("function").asText());
            assertEquals(requestId, log.data().path("requestId").asText());
            assertEquals("guest", log.data().path("source").asText());
            assertEquals("info", log.data().path("level").asText());
            assertTrue(log.data().path("time").asText().endsWith("Z"));
            SseEvents.Event request = events.get(3);
            assertEquals("GET", request.data().path("method").asText());
            assertEquals("/wasi/some/path", request.data().path("path").asText());
            assertEquals(200, request.data().path("status").asInt());
            assertEquals(requestId, request.data().path("requestId").asText());
            assertTrue(request.data().path("fuel").asLong() > 0);
            assertTrue(request.data().has("totalMs"));
            assertFalse(request.data().has("error"));
            assertTrue(Long.parseLong(request.id()) > Long.parseLong(log.id()), "ids increase");

            host.get("/wasi");
            assertEquals("request", stream.until(event -> event.type().equals("request")).get(3).type());
            assertFalse(stream.ended(200), "the stream stays open");
        }
    }

    @Test
    void failedRequest_carriesErrorAndMessage() throws Exception {
        try (SseEvents stream = follow("trap", "")) {
            host.get("/trap");

            SseEvents.Event request = stream.until(event -> event.type().equals("request")).get(0);
            assertEquals(500, request.data().path("status").asInt());
            assertEquals("trap", request.data().path("error").asText());
            assertTrue(request.data().path("message").asText().startsWith("the guest trapped"), request.data().toString());
        }
    }

    @Test
    void noFollow_sendsTheRecentEventsAndEnds() throws Exception {
        host.get("/wasi");
        host.get("/wasi");

        try (SseEvents stream = follow("wasi", "?follow=false")) {
            assertTrue(stream.ended(10_000), "the stream ends after the recent events");
            List<SseEvents.Event> events = stream.drain();
            assertEquals(8, events.size());
            assertEquals("request", events.get(7).type());
        }
    }

    @Test
    void backlog_isTheLastHundredEvents_orFewerWhenAsked() throws Exception {
        host.deployOrFail("logger", TestHost.wat(LOGGER.replace("(i32.const 8192)", "(i32.const 4)")), "");
        for (int i = 0; i < 30; i++) {
            host.send(HttpRequest.newBuilder(host.uri("/logger")).header("x-lines", "9").build());
        }

        try (SseEvents all = follow("logger", "?follow=false")) {
            assertTrue(all.ended(10_000));
            assertEquals(LogStreams.BACKLOG_EVENTS, all.drain().size());
        }
        try (SseEvents few = follow("logger", "?follow=false&backlog=3")) {
            assertTrue(few.ended(10_000));
            List<SseEvents.Event> events = few.drain();
            assertEquals(List.of("log", "log", "request"), events.stream().map(SseEvents.Event::type).collect(Collectors.toList()));
        }
    }

    @Test
    void lastEventId_skipsWhatTheClientHas() throws Exception {
        host.get("/wasi");
        String lastId;
        try (SseEvents first = follow("wasi", "?follow=false")) {
            assertTrue(first.ended(10_000));
            List<SseEvents.Event> events = first.drain();
            lastId = events.get(events.size() - 1).id();
        }
        host.get("/wasi");

        try (SseEvents again = SseEvents.open(host.client(), host.adminUri("/functions/wasi/logs?follow=false"), "Last-Event-ID", lastId)) {
            assertTrue(again.ended(10_000));
            assertEquals(4, again.drain().size(), "only the second request's events");
        }
    }

    @Test
    void unknownFunctionOrBadParameters_areRefused() {
        assertEquals(404, host.admin("GET", "/functions/ghost/logs").statusCode());
        HttpResponse<String> badFollow = host.admin("GET", "/functions/wasi/logs?follow=maybe");
        assertEquals(400, badFollow.statusCode());
        assertEquals("bad_request", TestHost.errorCode(badFollow));
        assertEquals(400, host.admin("GET", "/functions/wasi/logs?backlog=101").statusCode());
        assertEquals(405, host.admin("POST", "/functions/wasi/logs").statusCode());
    }

    @Test
    void slowSubscriber_losesCountedEvents_andNeverHoldsUpRequests() throws Exception {
        host.deployOrFail("logger", TestHost.wat(LOGGER), "");
        try (SseEvents slow = SseEvents.openPaused(host.client(), host.adminUri("/functions/logger/logs?backlog=0"))) {
            // 100 requests of 9 lines of 8 KiB are some 40 MiB of events that the client does not read.
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> answer = host.send(HttpRequest.newBuilder(host.uri("/logger")).header("x-lines", "9").build());
                assertEquals("ok", answer.body());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 30_000, "requests were held up: " + millis + " ms");

            slow.resume();
            List<SseEvents.Event> events = slow.until(event -> event.type().equals("dropped"));
            long dropped = events.get(events.size() - 1).data().path("dropped").asLong();
            assertTrue(events.size() - 1 + dropped <= 1000, "at most what was published: " + (events.size() - 1) + " + " + dropped);
            assertTrue(dropped > 0, "the lost events are counted");
            host.get("/logger");
            assertEquals("log", slow.next().type(), "the follower goes on with new events");
        }
    }

    @Test
    void close_withStreamsOpen_endsThemAndStopsAtOnce() throws Exception {
        SseEvents stream = follow("wasi", "");
        host.get("/wasi");
        stream.until(event -> event.type().equals("request"));

        long start = System.nanoTime();
        host.close();

        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "the drain did not wait for the stream");
        assertTrue(stream.ended(5_000));
    }

    @Test
    void withToken_theStreamNeedsIt() throws Exception {
        try (TestHost guarded = TestHost.start(null, builder -> builder.adminToken("t0ken"))) {
            guarded.server().host().deploy("wasi", TestHost.sample("wasi"), FunctionSettings.defaults());
            assertEquals(401, guarded.admin("GET", "/functions/wasi/logs").statusCode());

            try (SseEvents stream = SseEvents.open(guarded.client(), guarded.adminUri("/functions/wasi/logs"), "authorization", "Bearer t0ken")) {
                assertEquals(200, stream.response().statusCode());
            }
        }
    }
}

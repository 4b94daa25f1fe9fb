package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.spi.FunctionLogListener.RequestLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backlog of request events, whose JSON is built only when read: what a client that connects gets. */
class LogStreamsBacklogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backlog_moreRequestsThanKept_theLastHundredInOrderWithTheirFields() throws Exception {
        try (LogStreams streams = new LogStreams()) {
            for (int i = 0; i < 150; i++) {
                streams.finished(line("id-" + i, null, 200));
            }

            List<JsonNode> events = backlog(streams);

            assertEquals(LogStreams.BACKLOG_EVENTS, events.size());
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                assertEquals("id-" + (50 + i), event.path("requestId").asText());
                assertEquals("hello", event.path("function").asText());
                assertEquals("GET", event.path("method").asText());
                assertEquals("/hello/x", event.path("path").asText());
                assertEquals(200, event.path("status").asInt());
                assertEquals(1.235, event.path("totalMs").asDouble());
                assertEquals(24, event.path("fuel").asLong());
                assertEquals("2024-03-01T07:36:02.006Z", event.path("time").asText());
                assertTrue(!event.has("error") && !event.has("message"), event.toString());
            }
        }
    }

    @Test
    void backlog_largeRequestEvents_keptWithinTheBacklogBytes() throws Exception {
        try (LogStreams streams = new LogStreams()) {
            String message = "m".repeat(30_000);
            for (int i = 0; i < 6; i++) {
                streams.finished(line("id-" + i, message, 500));
            }

            List<JsonNode> events = backlog(streams);

            // 64 KiB hold two events of 30,000 characters, not three.
            assertEquals(2, events.size());
            assertEquals("id-5", events.get(1).path("requestId").asText());
            assertEquals("trap", events.get(1).path("error").asText());
            assertEquals(message, events.get(1).path("message").asText());
        }
    }

    private static RequestLine line(String requestId, String message, int status) {
        return new RequestLine(
                Instant.parse("2024-03-01T07:36:02.006Z"), "hello", requestId, "GET", "/hello/x", status, 1_234_567, 24,
                message == null ? null : "trap", message);
    }

    private static List<JsonNode> backlog(LogStreams streams) throws Exception {
        LogFollower follower = new LogFollower();
        assertTrue(streams.subscribe("hello", follower, LogStreams.BACKLOG_EVENTS, 0, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        follower.write(out, false, 1_000);
        List<JsonNode> events = new ArrayList<>();
        for (String block : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
            for (String field : block.split("\n")) {
                if (field.startsWith("data: ")) {
                    events.add(JSON.readTree(field.substring("data: ".length())));
                }
            }
        }
        return events;
    }
}

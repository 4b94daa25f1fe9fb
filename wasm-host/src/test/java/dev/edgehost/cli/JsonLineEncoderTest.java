package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** One log event becomes one line holding one JSON object, with its fields merged in. */
class JsonLineEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("edge.access");
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    private JsonNode encode(LoggingEvent event) throws Exception {
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        return new ObjectMapper().readTree(line);
    }

    @Test
    void encode_eventWithMdcAndPairs_isOneObjectWithTheFieldsMerged() throws Exception {
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "GET {} 200", null, new Object[] {"hello"});
        event.setInstant(Instant.parse("2024-03-01T07:36:02.006Z"));
        event.setMDCPropertyMap(Map.of("requestId", "abc123"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        event.addKeyValuePair(new KeyValuePair("totalMs", 1.5));
        event.addKeyValuePair(new KeyValuePair("created", true));
        event.addKeyValuePair(new KeyValuePair("function", "hello"));
        event.addKeyValuePair(new KeyValuePair("message", "a pair may not replace the message"));

        JsonNode json = encode(event);

        assertEquals("2024-03-01T07:36:02.006Z", json.path("ts").asText());
        assertEquals("INFO", json.path("level").asText());
        assertEquals("edge.access", json.path("logger").asText());
        assertEquals("GET hello 200", json.path("message").asText());
        assertEquals("abc123", json.path("requestId").asText());
        assertTrue(json.path("status").isIntegralNumber());
        assertEquals(200, json.path("status").asInt());
        assertEquals(1.5, json.path("totalMs").asDouble());
        assertTrue(json.path("created").asBoolean());
        assertEquals("hello", json.path("function").asText());
    }

    @Test
    void encode_millisecondsOfTheAccessLog_areWrittenAsDoubleToStringWritesThem() throws Exception {
        Random random = new Random(19);
        for (int i = 0; i < 20_000; i++) {
            // Nanoseconds of every size an access line has: under a microsecond to hours.
            long nanos = i < 10_000 ? i * 997L : (long) Math.pow(10, 3 + random.nextDouble() * 10);
            double millis = nanos / 1e6;
            LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "line", null, null);
            event.setMDCPropertyMap(Map.of());
            event.addKeyValuePair(new KeyValuePair("totalMs", millis));
            String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
            assertTrue(line.contains("\"totalMs\":" + millis + "}"), line);
        }
    }

    @Test
    void encode_linesWithinAndAcrossMilliseconds_eachHasItsOwnTimestamp() throws Exception {
        Instant start = Instant.parse("2024-03-01T07:36:02.006Z");
        List<Instant> times = List.of(
                start, start.plusNanos(400_000), start.plusNanos(999_999), start.plusMillis(1), start, start.plusSeconds(3600), start.minusMillis(7));
        List<String> expected = List.of(
                "2024-03-01T07:36:02.006Z", "2024-03-01T07:36:02.006Z", "2024-03-01T07:36:02.006Z", "2024-03-01T07:36:02.007Z",
                "2024-03-01T07:36:02.006Z", "2024-03-01T08:36:02.006Z", "2024-03-01T07:36:01.999Z");
        for (int i = 0; i < times.size(); i++) {
            LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "line", null, null);
            event.setMDCPropertyMap(Map.of());
            event.setInstant(times.get(i));
            assertEquals(expected.get(i), encode(event).path("ts").asText(), times.get(i).toString());
        }
    }

    @Test
    void encode_exception_hasErrorAndStack() throws Exception {
        LoggingEvent event =
                new LoggingEvent("fqcn", logger, Level.ERROR, "failed", new IllegalStateException("line 1\nline 2"), null);
        event.setMDCPropertyMap(Map.of());

        JsonNode json = encode(event);

        assertEquals("java.lang.IllegalStateException: line 1\nline 2", json.path("error").asText());
        assertTrue(json.path("stack").asText().contains("JsonLineEncoderTest"), json.toString());
        assertTrue(json.path("ts").asText().endsWith("Z"));
    }
}

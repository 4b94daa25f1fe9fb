package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The access log line and the metrics after known requests, and the health endpoints. */
class ObservabilityTest {
    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    private final Logger accessLogger = (Logger) LoggerFactory.getLogger("edge.access");
    private TestHost host;

    @BeforeEach
    void start() {
        accessLog.start();
        accessLogger.addAppender(accessLog);
        host = TestHost.start(null);
        host.deployOrFail("hello", TestHost.sample("hello"), "");
        host.deployOrFail("trap", TestHost.sample("trap"), "");
        host.deployOrFail("counter", TestHost.sample("kv-counter"), "");
        host.deployOrFail("burn", TestHost.sample("loop"), "fuel=1000");
    }

    @AfterEach
    void stop() {
        host.close();
        accessLogger.detachAppender(accessLog);
    }

    /**
     * Each access log line's fields (its key-value pairs) as one JSON object, as the JSON log writes
     * them, once there are as many as expected: the log's writer thread writes them a moment after
     * the responses.
     */
    private List<JsonNode> accessLines(int expected) throws InterruptedException {
        ObjectMapper json = new ObjectMapper();
        List<ILoggingEvent> events = List.of();
        for (long deadline = System.nanoTime() + 10_000_000_000L; events.size() < expected && System.nanoTime() < deadline; ) {
            Thread.sleep(events.isEmpty() ? 5 : 20);
            synchronized (accessLog) {
                events = new ArrayList<>(accessLog.list);
            }
        }
        return events.stream()
                .map(event -> {
                    ObjectNode fields = json.createObjectNode();
                    for (KeyValuePair pair : event.getKeyValuePairs()) {
                        fields.set(pair.key, json.valueToTree(pair.value));
                    }
                    return (JsonNode) fields;
                })
                .collect(Collectors.toList());
    }

    @Test
    void accessLog_oneLinePerRequestWithItsFields() throws InterruptedException {
        HttpResponse<String> ok = host.get("/hello");
        HttpResponse<String> trapped = host.get("/trap");

        List<JsonNode> lines = accessLines(2);
        assertEquals(2, lines.size());
        JsonNode first = lines.get(0);
        assertEquals(ok.headers().firstValue("x-request-id").orElseThrow(), first.path("requestId").asText());
        assertEquals("hello", first.path("function").asText());
        assertEquals("GET", first.path("method").asText());
        assertEquals(200, first.path("status").asInt());
        assertEquals(21, first.path("bytesOut").asInt());
        assertTrue(first.path("fuel").asLong() > 0);
        assertTrue(first.path("version").asText().matches("[0-9a-f]{12}"));
        assertTrue(first.path("totalMs").asDouble() >= first.path("executeMs").asDouble());
        assertTrue(first.path("error").isMissingNode());
        JsonNode second = lines.get(1);
        assertEquals(trapped.headers().firstValue("x-request-id").orElseThrow(), second.path("requestId").asText());
        assertEquals(500, second.path("status").asInt());
        assertEquals("trap", second.path("error").asText());
    }

    @Test
    void metrics_countRequestsErrorsFuelAndCalls() {
        for (int i = 0; i < 3; i++) {
            host.get("/hello");
        }
        host.get("/trap");
        host.get("/burn");
        host.get("/counter");

        String metrics = host.admin("GET", "/metrics").body();

        assertTrue(metrics.contains("edge_requests_total{function=\"hello\",status=\"200\"} 3"), metrics);
        assertTrue(metrics.contains("edge_requests_total{function=\"trap\",status=\"500\"} 1"), metrics);
        assertTrue(metrics.contains("edge_errors_total{error=\"trap\",function=\"trap\"} 1"), metrics);
        assertTrue(metrics.contains("edge_errors_total{error=\"fuel_exhausted\",function=\"burn\"} 1"), metrics);
        assertTrue(metrics.contains("edge_fuel_used_count{function=\"hello\"} 3"), metrics);
        assertTrue(metrics.contains("edge_kv_operations_total{function=\"counter\"} 1"), metrics);
        assertTrue(metrics.contains("edge_request_duration_seconds_bucket{function=\"hello\""), metrics);
        assertTrue(metrics.contains("edge_functions 4"), metrics);
        assertTrue(metrics.contains("edge_compilations_total 4"), metrics);
        assertTrue(metrics.contains("edge_module_cache_hits_total 6"), metrics);
    }

    @Test
    void health_andReadiness() {
        assertEquals(200, host.admin("GET", "/healthz").statusCode());
        HttpResponse<String> ready = host.admin("GET", "/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"ready\"}", ready.body());
    }
}

package dev.edgehost.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A collector that is down costs requests nothing: hosts exporting to a closed port and to one
 * that accepts connections but never answers serve as fast as a host exporting to a collector that
 * works, and as one without tracing (measured in one run, requests interleaved), and the outage is
 * logged once.
 */
class OtelCollectorDownTest {
    private static final int WARM_UP = 50;
    private static final int MEASURED = 300;

    @Test
    void request_collectorDown_notSlowerAndLoggedOnce() throws IOException {
        Logger failures = (Logger) LoggerFactory.getLogger(ExportFailures.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        failures.addAppender(logged);
        URI refused;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = URI.create("http://127.0.0.1:" + closed.getLocalPort());
        }
        try (ServerSocket silent = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
                OtlpReceiver receiver = OtlpReceiver.start();
                TestHost plain = TestHost.start(null);
                TestHost toWorkingCollector = TestHost.start(null, builder -> builder.tracer(tracer(receiver.endpoint())));
                TestHost toClosedPort = TestHost.start(null, builder -> builder.tracer(tracer(refused)))) {
            TestHost toSilentCollector =
                    TestHost.start(null, builder -> builder.tracer(tracer(URI.create("http://127.0.0.1:" + silent.getLocalPort()))));
            try {
                measure(List.of(plain, toWorkingCollector, toClosedPort, toSilentCollector));
            } finally {
                long closing = System.nanoTime();
                toSilentCollector.close();
                long closeMs = (System.nanoTime() - closing) / 1_000_000;
                System.out.printf(Locale.ROOT, "close with a silent collector: %d ms%n", closeMs);
                assertTrue(closeMs < 8_000, "closing waits at most 5 s for the collector: " + closeMs + " ms");
            }
        } finally {
            failures.detachAppender(logged);
        }
        List<ILoggingEvent> warnings =
                logged.list.stream()
                        .filter(event -> event.getLevel() == Level.WARN && event.getFormattedMessage().contains(refused.toString()))
                        .collect(Collectors.toList());
        assertEquals(1, warnings.size(), "the outage of the closed port is logged once: " + logged.list);
    }

    private static void measure(List<TestHost> hosts) {
        for (TestHost host : hosts) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            for (int i = 0; i < WARM_UP; i++) {
                assertEquals(200, host.get("/hello").statusCode());
            }
        }
        List<List<Long>> nanos = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < MEASURED; i++) {
            // Each round starts with another host, so that none is always first after a pause.
            for (int k = 0; k < hosts.size(); k++) {
                int h = (i + k) % hosts.size();
                long start = System.nanoTime();
                assertEquals(200, hosts.get(h).get("/hello").statusCode());
                nanos.get(h).add(System.nanoTime() - start);
            }
        }
        List<String> names = List.of("no tracing", "working collector", "closed port", "silent collector");
        StringBuilder report = new StringBuilder("median / p99 ms:");
        for (int h = 0; h < hosts.size(); h++) {
            report.append(String.format(
                    Locale.ROOT, " %s %.3f / %.3f;", names.get(h), percentile(nanos.get(h), 50) / 1e6, percentile(nanos.get(h), 99) / 1e6));
        }
        System.out.println(report);
        double working = percentile(nanos.get(1), 50);
        for (int h = 2; h < hosts.size(); h++) {
            assertTrue(percentile(nanos.get(h), 50) < working * 1.5 + 1_000_000, report.toString());
        }
    }

    private static OtelTracer tracer(URI endpoint) {
        return OtelTracer.otlp(endpoint).exportInterval(Duration.ofMillis(50)).build();
    }

    private static double percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}

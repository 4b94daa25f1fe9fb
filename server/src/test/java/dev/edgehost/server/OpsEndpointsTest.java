package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Health, readiness and metrics as load balancers and Prometheus use them: no token, JSON readiness, an ops port. */
class OpsEndpointsTest {

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void healthReadinessAndMetrics_adminTokenSet_needNoToken() {
        try (TestHost host = TestHost.start(null, builder -> builder.adminToken("s3cret"))) {
            assertEquals("ok\n", host.admin("GET", "/healthz").body());
            assertEquals("{\"status\":\"ready\"}", host.admin("GET", "/readyz").body());
            HttpResponse<String> metrics = host.admin("GET", "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("edge_functions"), metrics.body());

            assertEquals(401, host.admin("GET", "/functions").statusCode(), "the admin API itself still needs the token");
            assertEquals(401, host.admin("GET", "/healthz/../functions").statusCode());
        }
    }

    @Test
    void opsListener_servesHealthAndMetricsAlone() {
        try (TestHost host = TestHost.start(null, builder -> builder.opsHost("127.0.0.1").opsPort(0).adminToken("s3cret"))) {
            int opsPort = host.server().opsPort();
            assertTrue(opsPort > 0);
            assertEquals(200, ops(host, opsPort, "GET", "/healthz").statusCode());
            HttpResponse<String> ready = ops(host, opsPort, "GET", "/readyz");
            assertEquals(200, ready.statusCode());
            assertEquals("application/json", ready.headers().firstValue("content-type").orElseThrow());
            assertTrue(ops(host, opsPort, "GET", "/metrics").body().contains("jvm_memory_used_bytes"));
            assertEquals(404, ops(host, opsPort, "GET", "/functions").statusCode(), "nothing of the admin API");
            assertEquals(405, ops(host, opsPort, "POST", "/readyz").statusCode());
        }
        try (TestHost host = TestHost.start(null)) {
            assertEquals(-1, host.server().opsPort(), "off by default");
        }
    }

    private static HttpResponse<String> ops(TestHost host, int port, String method, String path) {
        return host.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    @Test
    void readiness_backendDown_is503WithTheReasonAndTheMetricFollows() throws Exception {
        FlakyBackend backend = new FlakyBackend();
        try (TestHost host = TestHost.start(null, builder -> builder.dataDir(null).backend(backend))) {
            backend.down(true);

            HttpResponse<String> unready = host.admin("GET", "/readyz");
            assertEquals(503, unready.statusCode());
            JsonNode body = TestHost.json(unready);
            assertEquals("unready", body.path("status").asText());
            assertEquals("backend flaky unreachable: flaky is down", body.path("reasons").path(0).asText());
            await(() -> host.admin("GET", "/metrics").body().contains("edge_backend_up 0"), "the backend metric says down");

            backend.down(false);

            assertEquals(200, host.admin("GET", "/readyz").statusCode());
            await(() -> host.admin("GET", "/metrics").body().contains("edge_backend_up 1"), "the backend metric says up");
        }
    }

    @Test
    void kvCalls_storeKeepsFailing_failFastThenRecoverOnTheFirstSuccess() throws Exception {
        FlakyBackend backend = new FlakyBackend();
        try (TestHost host = TestHost.start(null, builder -> builder.backend(backend))) {
            host.deployOrFail("counter", TestHost.sample("kv-counter"), "");
            assertEquals("1", host.get("/counter").body());
            backend.down(true);

            for (int i = 0; i < 5; i++) {
                HttpResponse<String> failed = host.get("/counter");
                assertEquals(500, failed.statusCode());
                assertEquals("kv error -5", failed.body(), "the guest sees UPSTREAM_FAILURE");
            }
            String metrics = host.admin("GET", "/metrics").body();
            assertTrue(metrics.contains("edge_kv_circuit_open 1"), metrics);
            assertTrue(metrics.contains("edge_kv_unavailable_total 5"), metrics);
            JsonNode reasons = TestHost.json(host.admin("GET", "/readyz")).path("reasons");
            assertTrue(reasons.toString().contains("key-value calls failing fast"), reasons.toString());

            backend.down(false);

            await(() -> host.get("/counter").statusCode() == 200, "a probe gets through and closes the circuit");
            assertTrue(host.admin("GET", "/metrics").body().contains("edge_kv_circuit_open 0"));
            assertEquals(200, host.admin("GET", "/readyz").statusCode());
        }
    }

    @Test
    void metrics_haveJvmProcessPoolNotFoundAdminCallsAndFewBuckets() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            host.get("/hello");
            assertEquals(404, host.get("/no-such-function").statusCode());
            host.admin("GET", "/functions");

            String metrics = host.admin("GET", "/metrics").body();

            for (String name : new String[] {
                "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage",
                "process_uptime_seconds", "system_cpu_count", "edge_workers ", "edge_workers_busy ",
                "edge_requests_queued ", "edge_requests_overloaded_total 0", "edge_requests_not_found_total 1",
                "edge_admin_requests_total{method=\"GET\",status=\"200\"} 1", "edge_admin_requests_total{method=\"PUT\",status=\"201\"} 1",
                "edge_backend_up 1", "edge_kv_circuit_open 0"
            }) {
                assertTrue(metrics.contains(name), name + " in\n" + metrics);
            }
            long buckets = metrics.lines().filter(line -> line.startsWith("edge_request_duration_seconds_bucket{function=\"hello\"")).count();
            assertEquals(12, buckets, "eleven latency buckets and +Inf");
            assertTrue(metrics.contains("edge_request_duration_seconds_bucket{function=\"hello\",le=\"0.025\"} 1"), metrics);
            assertTrue(metrics.startsWith("#") || metrics.contains("# HELP"), metrics);
        }
    }

    @Test
    void metrics_openMetricsAccepted_answersOpenMetrics() {
        try (TestHost host = TestHost.start(null)) {
            HttpResponse<String> scrape =
                    host.send(HttpRequest.newBuilder(host.adminUri("/metrics"))
                            .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
                            .build());

            assertTrue(scrape.headers().firstValue("content-type").orElseThrow().startsWith("application/openmetrics-text"));
            assertTrue(scrape.body().endsWith("# EOF\n"), scrape.body());
            HttpResponse<String> plain = host.admin("GET", "/metrics");
            assertTrue(plain.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        }
    }

    @Test
    void meterRegistry_embeddersOwn_getsTheHostsMetersOnly() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestHost host = TestHost.start(null, builder -> builder.meterRegistry(registry))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            host.get("/hello");

            assertEquals(1.0, registry.get("edge.requests").tag("function", "hello").counter().count());
            assertNull(registry.find("jvm.memory.used").gauge(), "the embedder binds the JVM's metrics itself");
            assertEquals(404, host.admin("GET", "/metrics").statusCode(), "no Prometheus registry to scrape");
        }
        assertNull(registry.find("edge.functions").gauge(), "removed when the server closes");
        assertNull(registry.find("edge.requests").counter());
    }
}

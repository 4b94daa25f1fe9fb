package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every deploy is a numbered version; a rollback makes an earlier one serve again; responses name the version. */
class VersionsTest {

    private static List<Integer> numbers(JsonNode versions) {
        List<Integer> numbers = new ArrayList<>();
        versions.path("versions").forEach(version -> numbers.add(version.path("version").asInt()));
        return numbers;
    }

    @Test
    void deploys_areNumberedVersionsListedNewestFirst() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "timeout-ms=1234");
            host.deployOrFail("fn", TestHost.slowGuest("v3", 1), "");

            JsonNode versions = TestHost.json(host.admin("GET", "/functions/fn/versions"));
            assertEquals(List.of(3, 2, 1), numbers(versions));
            assertEquals(3, versions.path("serving").asInt());
            JsonNode second = versions.path("versions").get(1);
            assertEquals(1234, second.path("settings").path("limits").path("timeout-ms").asInt());
            assertTrue(second.path("deployedBy").asText().startsWith("admin API from "), second.toString());
            assertEquals(64, second.path("sha256").asText().length());
            assertFalse(second.path("serving").asBoolean());

            HttpResponse<String> served = host.get("/fn");
            assertEquals("v3", served.body());
            assertEquals("3", served.headers().firstValue("x-edge-version").orElseThrow());
            JsonNode function = TestHost.json(host.admin("GET", "/functions/fn"));
            assertEquals(3, function.path("version").asInt());
            assertEquals(3, function.path("serving").get(0).path("version").asInt());
        }
    }

    @Test
    void rollback_withoutVersion_servesTheOneBeforeAndWithVersion_servesThatOne() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v3", 1), "");

            HttpResponse<String> back = host.admin("POST", "/functions/fn/rollback");
            assertEquals(200, back.statusCode(), back.body());
            assertEquals(2, TestHost.json(back).path("version").asInt());
            HttpResponse<String> served = host.get("/fn");
            assertEquals("v2", served.body());
            assertEquals("2", served.headers().firstValue("x-edge-version").orElseThrow());

            assertEquals(200, host.admin("POST", "/functions/fn/rollback").statusCode());
            assertEquals("v1", host.get("/fn").body());

            assertEquals(200, host.admin("POST", "/functions/fn/rollback?version=3").statusCode());
            assertEquals("v3", host.get("/fn").body());
            // A rollback makes no new version.
            assertEquals(List.of(3, 2, 1), numbers(TestHost.json(host.admin("GET", "/functions/fn/versions"))));

            host.deployOrFail("fn", TestHost.slowGuest("v4", 1), "");
            assertEquals("v4", host.get("/fn").body());
            assertEquals("4", host.get("/fn").headers().firstValue("x-edge-version").orElseThrow());
        }
    }

    @Test
    void versionsServingAtOnce_areCompiledOnceEach_andCountedByVersion() {
        try (TestHost host = TestHost.start(null, builder -> builder.bundledSamples(false))) {
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");
            host.admin("POST", "/functions/fn/rollback");
            HttpResponse<String> split = TrafficTest.putTraffic(host, "fn",
                    "{\"split\": [{\"version\": 1, \"percent\": 50}, {\"version\": 2, \"percent\": 50}]}");
            assertEquals(200, split.statusCode(), split.body());
            int served = 0;
            while (served < 200) {
                host.get("/fn");
                served++;
            }

            String metrics = host.admin("GET", "/metrics").body();
            // Two modules, two compilations: the rollback and the split found both in the code cache.
            assertTrue(metrics.contains("edge_compilations_total 2"), metrics);
            assertTrue(metrics.contains("edge_version_requests_total{function=\"fn\",version=\"1\"}"), metrics);
            assertTrue(metrics.contains("edge_version_requests_total{function=\"fn\",version=\"2\"}"), metrics);
        }
    }

    @Test
    void rollback_badCalls_areJsonErrorsWithStableCodes() {
        try (TestHost host = TestHost.start(null)) {
            assertError(host.admin("POST", "/functions/nothing/rollback"), 404, "not_found");
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            assertError(host.admin("POST", "/functions/fn/rollback"), 404, "version_not_found");
            assertError(host.admin("POST", "/functions/fn/rollback?version=7"), 404, "version_not_found");
            assertError(host.admin("POST", "/functions/fn/rollback?version=zero"), 400, "bad_request");
            assertError(host.admin("POST", "/functions/fn/rollback?version=0"), 400, "bad_request");
            assertError(host.admin("GET", "/functions/nothing/versions"), 404, "not_found");
            assertEquals("v1", host.get("/fn").body());
        }
    }

    @Test
    void keepVersions_prunesOlderVersions() {
        try (TestHost host = TestHost.start(null, builder -> builder.keepVersions(3))) {
            for (int i = 1; i <= 5; i++) {
                host.deployOrFail("fn", TestHost.slowGuest("v" + i, 1), "");
            }
            assertEquals(List.of(5, 4, 3), numbers(TestHost.json(host.admin("GET", "/functions/fn/versions"))));
            assertError(host.admin("POST", "/functions/fn/rollback?version=2"), 404, "version_not_found");
            assertEquals(200, host.admin("POST", "/functions/fn/rollback?version=3").statusCode());
            assertEquals("v3", host.get("/fn").body());
        }
    }

    @Test
    void versions_inTheDataDir_surviveARestartWithTheirModules(@TempDir Path dataDir) {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");
        }
        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals("v2", host.get("/fn").body());
            assertEquals(List.of(2, 1), numbers(TestHost.json(host.admin("GET", "/functions/fn/versions"))));
            assertEquals(200, host.admin("POST", "/functions/fn/rollback").statusCode());
            assertEquals("v1", host.get("/fn").body());
        }
        try (TestHost host = TestHost.start(dataDir)) {
            HttpResponse<String> served = host.get("/fn");
            assertEquals("v1", served.body());
            assertEquals("1", served.headers().firstValue("x-edge-version").orElseThrow());
        }
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, TestHost.errorCode(response), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }
}

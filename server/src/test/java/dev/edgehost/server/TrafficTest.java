package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traffic splits, sticky keys and canary rules on a real server. */
class TrafficTest {

    static HttpResponse<String> putTraffic(TestHost host, String name, String json) {
        return host.send(HttpRequest.newBuilder(host.adminUri("/functions/" + name + "/traffic"))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    static HttpResponse<String> get(TestHost host, String path, String header, String value) {
        return host.send(HttpRequest.newBuilder(host.uri(path)).header(header, value).GET().build());
    }

    private static TestHost twoVersions() {
        TestHost host = TestHost.start(null);
        host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
        host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");
        return host;
    }

    @Test
    void split_withStickyCookie_keepsEachUserOnOneVersionAndSpreadsUsers() {
        try (TestHost host = twoVersions()) {
            HttpResponse<String> set = putTraffic(host, "fn",
                    "{\"split\": [{\"version\": 1, \"percent\": 50}, {\"version\": 2, \"percent\": 50}], \"sticky\": \"cookie:uid\"}");
            assertEquals(200, set.statusCode(), set.body());

            Map<String, Integer> perVersion = new HashMap<>();
            for (int user = 0; user < 200; user++) {
                HttpResponse<String> first = get(host, "/fn", "cookie", "theme=dark; uid=user-" + user);
                String version = first.headers().firstValue("x-edge-version").orElseThrow();
                assertEquals("v" + version, first.body(), "the header names the version that answered");
                for (int again = 0; again < 3; again++) {
                    assertEquals(version, get(host, "/fn", "cookie", "uid=user-" + user)
                            .headers().firstValue("x-edge-version").orElseThrow(), "user-" + user + " stays");
                }
                perVersion.merge(version, 1, Integer::sum);
            }
            assertTrue(perVersion.getOrDefault("1", 0) > 60 && perVersion.getOrDefault("2", 0) > 60, perVersion.toString());

            JsonNode function = TestHost.json(host.admin("GET", "/functions/fn"));
            assertEquals(2, function.path("serving").size(), function.toString());
        }
    }

    @Test
    void rule_pinsMatchingRequestsToTheCanary() {
        try (TestHost host = twoVersions()) {
            assertEquals(200, putTraffic(host, "fn",
                    "{\"split\": [{\"version\": 1, \"percent\": 100}], \"rules\": [{\"header\": \"x-canary\", \"equals\": \"1\", \"version\": 2}]}")
                    .statusCode());
            for (int i = 0; i < 20; i++) {
                assertEquals("v1", host.get("/fn").body());
                assertEquals("v2", get(host, "/fn", "X-Canary", "1").body());
                assertEquals("v1", get(host, "/fn", "x-canary", "0").body());
            }
            JsonNode traffic = TestHost.json(host.admin("GET", "/functions/fn/traffic"));
            assertEquals(1, traffic.path("split").get(0).path("version").asInt());
            assertEquals("x-canary", traffic.path("rules").get(0).path("header").asText());
        }
    }

    @Test
    void stickyClientIp_keepsOneClientOnOneVersion() {
        try (TestHost host = twoVersions()) {
            assertEquals(200, putTraffic(host, "fn",
                    "{\"split\": [{\"version\": 1, \"percent\": 50}, {\"version\": 2, \"percent\": 50}], \"sticky\": \"client-ip\"}")
                    .statusCode());
            String first = host.get("/fn").body();
            for (int i = 0; i < 30; i++) {
                // A client cannot pick its version by forging the host-owned address header.
                assertEquals(first, get(host, "/fn", "x-edge-client-ip", "10.0.0." + i).body());
            }
        }
    }

    @Test
    void deployWithTrafficKeep_servesNothingNewUntilTrafficSaysSo_andAPlainDeployMovesAllTraffic() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "traffic=keep");
            assertEquals("v1", host.get("/fn").body());
            JsonNode function = TestHost.json(host.admin("GET", "/functions/fn"));
            assertEquals(1, function.path("version").asInt());
            assertEquals(2, function.path("latestVersion").asInt());

            assertEquals(200, putTraffic(host, "fn",
                    "{\"split\": [{\"version\": 1, \"percent\": 90}, {\"version\": 2, \"percent\": 10}], \"sticky\": \"header:x-user\"}")
                    .statusCode());
            int onCanary = 0;
            for (int user = 0; user < 300; user++) {
                if (get(host, "/fn", "x-user", "u" + user).body().equals("v2")) {
                    onCanary++;
                }
            }
            assertTrue(onCanary > 10 && onCanary < 60, "about 10 % of 300 users: " + onCanary);

            host.deployOrFail("fn", TestHost.slowGuest("v3", 1), "");
            for (int user = 0; user < 20; user++) {
                assertEquals("v3", get(host, "/fn", "x-user", "u" + user).body());
            }
            assertEquals(100, TestHost.json(host.admin("GET", "/functions/fn/traffic")).path("split").get(0).path("percent").asInt());
        }
    }

    @Test
    void splitToAVersionDeployedWithTrafficKeep_inTheDataDir_survivesARestart(@TempDir Path dataDir) {
        String split = "{\"split\": [{\"version\": 1, \"percent\": 50}, {\"version\": 2, \"percent\": 50}], \"sticky\": \"header:x-user\"}";
        Map<String, String> before = new HashMap<>();
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "traffic=keep");
            assertEquals(200, putTraffic(host, "fn", split).statusCode());
            for (int user = 0; user < 40; user++) {
                before.put("u" + user, get(host, "/fn", "x-user", "u" + user).body());
            }
        }
        assertTrue(before.containsValue("v1") && before.containsValue("v2"), before.toString());
        try (TestHost host = TestHost.start(dataDir)) {
            for (Map.Entry<String, String> user : before.entrySet()) {
                assertEquals(user.getValue(), get(host, "/fn", "x-user", user.getKey()).body(), "after the restart too");
            }
        }
    }

    @Test
    void invalidTraffic_isA400NamingTheProblem_andChangesNothing() {
        try (TestHost host = twoVersions()) {
            String before = host.admin("GET", "/functions/fn/traffic").body();
            Map<String, String> cases = Map.of(
                    "{\"split\": [{\"version\": 1, \"percent\": 50}, {\"version\": 2, \"percent\": 40}]}", "add up to 90",
                    "{\"split\": [{\"version\": 9, \"percent\": 100}]}", "version 9",
                    "{\"split\": [{\"version\": 1, \"percent\": 100}], \"sticky\": \"session:x\"}", "unknown sticky kind",
                    "{\"split\": [{\"version\": 1, \"percent\": 100}], \"rules\": [{\"header\": \"x\", \"equals\": \"1\", \"version\": 5}]}", "version 5",
                    "{\"split\": [{\"version\": 1, \"percent\": 100}", "not JSON",
                    "{\"splits\": []}", "unknown traffic field",
                    "[]", "JSON object",
                    "{\"split\": [{\"version\": 1, \"percent\": 50.5}, {\"version\": 2, \"percent\": 49.5}]}", "integer");
            for (Map.Entry<String, String> bad : cases.entrySet()) {
                HttpResponse<String> refused = putTraffic(host, "fn", bad.getKey());
                VersionsTest.assertError(refused, 400, "invalid_traffic");
                assertTrue(TestHost.json(refused).path("error").path("message").asText().contains(bad.getValue())
                        || refused.body().contains(bad.getValue()), bad.getKey() + " -> " + refused.body());
            }
            assertEquals(before, host.admin("GET", "/functions/fn/traffic").body());
            assertEquals("v2", host.get("/fn").body());
            VersionsTest.assertError(putTraffic(host, "nothing", "{}"), 404, "not_found");
        }
    }
}

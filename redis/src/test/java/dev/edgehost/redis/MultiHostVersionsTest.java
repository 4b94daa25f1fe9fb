package dev.edgehost.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.RedisServerExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hosts on one Redis share a function's versions, its rollbacks and its traffic split. */
class MultiHostVersionsTest {
    private static final Duration RECONCILE = Duration.ofMillis(200);
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.shared();

    private static TestHost host() {
        return TestHost.start(null, builder -> builder.redis(redis.uri()).reconcileInterval(RECONCILE));
    }

    private static void awaitWithinASecond(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within a second: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<Integer> numbers(TestHost host, String name) {
        List<Integer> numbers = new ArrayList<>();
        TestHost.json(host.admin("GET", "/functions/" + name + "/versions")).path("versions")
                .forEach(version -> numbers.add(version.path("version").asInt()));
        return numbers;
    }

    private static String versionFor(TestHost host, String user) {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/fn")).header("cookie", "uid=" + user).GET().build());
        assertEquals("v" + response.headers().firstValue("x-edge-version").orElseThrow(), response.body());
        return response.body();
    }

    @Test
    void rollbackOnOneHost_servesTheEarlierVersionOnBoth() throws Exception {
        redis.flush();
        try (TestHost first = host(); TestHost second = host()) {
            first.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            first.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");
            awaitWithinASecond(() -> second.get("/fn").body().equals("v2"), "version 2 reaches the second host");
            assertEquals(List.of(2, 1), numbers(second, "fn"));

            HttpResponse<String> back = second.admin("POST", "/functions/fn/rollback");
            assertEquals(200, back.statusCode(), back.body());
            assertEquals("v1", second.get("/fn").body());
            awaitWithinASecond(() -> first.get("/fn").body().equals("v1"), "the rollback reaches the first host");
            assertEquals("1", first.get("/fn").headers().firstValue("x-edge-version").orElseThrow());
            assertEquals(1, TestHost.json(first.admin("GET", "/functions/fn/versions")).path("serving").asInt());

            // The next deploy, on either host, is version 3 on both.
            first.deployOrFail("fn", TestHost.slowGuest("v3", 1), "");
            awaitWithinASecond(() -> second.get("/fn").body().equals("v3"), "version 3 reaches the second host");
            assertEquals(List.of(3, 2, 1), numbers(second, "fn"));
        }
    }

    @Test
    void flush_publishesEveryKeptVersionAgain_soAnotherHostRollsBackToAnyOfThem() throws Exception {
        redis.flush();
        try (TestHost second = host()) {
            try (TestHost first = host()) {
                for (int version = 1; version <= 4; version++) {
                    first.deployOrFail("fn", TestHost.slowGuest("v" + version, 1), "");
                }
                awaitWithinASecond(() -> second.get("/fn").body().equals("v4"), "version 4 reaches the second host");
            }
            // The host that deployed them is gone; the second, which only read them from Redis, publishes them again.
            redis.flush();
            Thread.sleep(RECONCILE.toMillis() * 4);

            try (TestHost third = host()) {
                assertEquals(List.of(4, 3, 2, 1), numbers(third, "fn"));
                for (int version = 1; version <= 3; version++) {
                    HttpResponse<String> back = third.admin("POST", "/functions/fn/rollback?version=" + version);
                    assertEquals(200, back.statusCode(), "rollback to version " + version + ": " + back.body());
                    assertEquals("v" + version, third.get("/fn").body());
                    int expected = version;
                    awaitWithinASecond(() -> second.get("/fn").body().equals("v" + expected), "the rollback reaches the second host");
                }
            }
        }
    }

    @Test
    void splitSetOnOneHost_assignsEveryUserTheSameVersionOnBoth() throws Exception {
        redis.flush();
        try (TestHost first = host(); TestHost second = host()) {
            first.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            first.deployOrFail("fn", TestHost.slowGuest("v2", 1), "traffic=keep");
            HttpResponse<String> set = first.send(HttpRequest.newBuilder(first.adminUri("/functions/fn/traffic"))
                    .PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"split\": [{\"version\": 1, \"percent\": 70}, {\"version\": 2, \"percent\": 30}], \"sticky\": \"cookie:uid\"}"))
                    .build());
            assertEquals(200, set.statusCode(), set.body());
            awaitWithinASecond(
                    () -> TestHost.json(second.admin("GET", "/functions/fn/traffic")).path("split").size() == 2,
                    "the split reaches the second host");

            int onTwo = 0;
            for (int user = 0; user < 200; user++) {
                String onFirst = versionFor(first, "user-" + user);
                assertEquals(onFirst, versionFor(second, "user-" + user), "user-" + user + " on both hosts");
                if (onFirst.equals("v2")) {
                    onTwo++;
                }
            }
            assertTrue(onTwo > 30 && onTwo < 90, "about 30 % of 200 users: " + onTwo);

            // Redis loses everything: both hosts keep serving the split and publish it, versions and all, again.
            redis.flush();
            Thread.sleep(RECONCILE.toMillis() * 4);
            for (int user = 0; user < 20; user++) {
                assertEquals(versionFor(first, "user-" + user), versionFor(second, "user-" + user));
            }
            JsonNode traffic = TestHost.json(second.admin("GET", "/functions/fn/traffic"));
            assertEquals(30, traffic.path("split").get(1).path("percent").asInt(), traffic.toString());
            try (TestHost third = host()) {
                assertEquals(List.of(2, 1), numbers(third, "fn"));
                for (int user = 0; user < 20; user++) {
                    assertEquals(versionFor(first, "user-" + user), versionFor(third, "user-" + user));
                }
            }
        }
    }
}

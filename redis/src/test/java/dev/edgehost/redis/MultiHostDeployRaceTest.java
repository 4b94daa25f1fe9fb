package dev.edgehost.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.RedisServerExtension;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hosts on one Redis deploying one name at the same instant take distinct version numbers and lose neither version. */
class MultiHostDeployRaceTest {
    private static final int ROUNDS = 15;
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.shared();

    private static TestHost host() {
        return TestHost.start(null, builder -> builder.redis(redis.uri()).reconcileInterval(Duration.ofMillis(200))
                .keepVersions(2 * ROUNDS));
    }

    /** By number, the SHA-256 of every version the host lists. */
    private static Map<Integer, String> versions(TestHost host) {
        Map<Integer, String> versions = new HashMap<>();
        TestHost.json(host.admin("GET", "/functions/fn/versions")).path("versions")
                .forEach(version -> versions.put(version.path("version").asInt(), version.path("sha256").asText()));
        return versions;
    }

    private static String sha256(byte[] module) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module));
    }

    @Test
    void deploysOfOneNameAtOnceOnTwoHosts_takeDistinctNumbersAndKeepEveryVersion() throws Exception {
        redis.flush();
        ExecutorService deployers = Executors.newFixedThreadPool(2);
        try (TestHost first = host(); TestHost second = host()) {
            List<String> deployed = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                byte[] onFirst = TestHost.slowGuest("round " + round + " on the first host", 1);
                byte[] onSecond = TestHost.slowGuest("round " + round + " on the second host", 1);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Integer> a = deployers.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return first.deploy("fn", onFirst, "").statusCode();
                });
                Future<Integer> b = deployers.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return second.deploy("fn", onSecond, "").statusCode();
                });
                assertEquals(200, a.get(60, TimeUnit.SECONDS) / 100 * 100, "round " + round + " on the first host");
                assertEquals(200, b.get(60, TimeUnit.SECONDS) / 100 * 100, "round " + round + " on the second host");
                deployed.add(sha256(onFirst));
                deployed.add(sha256(onSecond));

                int expected = deployed.size();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while ((versions(first).size() < expected || !versions(first).equals(versions(second)))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Map<Integer, String> kept = versions(second);
                assertEquals(versions(first), kept, "round " + round + ": both hosts list the same versions");
                assertEquals(expected, kept.size(), "round " + round + ": one version per deploy, none lost: " + kept);
                for (int number = 1; number <= expected; number++) {
                    assertTrue(kept.containsKey(number), "round " + round + ": numbers 1 to " + expected + ": " + kept.keySet());
                }
                assertTrue(kept.values().containsAll(deployed), "round " + round + ": every deployed module is a version: " + kept);
            }
        } finally {
            deployers.shutdownNow();
        }
    }

    @Test
    void rollbackOnOneHostWhileTheOtherDeploys_losesNoVersion() throws Exception {
        redis.flush();
        ExecutorService deployers = Executors.newFixedThreadPool(2);
        try (TestHost first = host(); TestHost second = host()) {
            first.deployOrFail("fn", TestHost.slowGuest("v1", 1), "");
            first.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");
            for (int round = 0; round < ROUNDS; round++) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!versions(first).equals(versions(second)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                int before = versions(second).size();
                byte[] module = TestHost.slowGuest("deployed in round " + round, 1);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Integer> deploy = deployers.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return first.deploy("fn", module, "").statusCode();
                });
                Future<Integer> rollback = deployers.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return second.admin("POST", "/functions/fn/rollback?version=1").statusCode();
                });
                assertEquals(200, deploy.get(60, TimeUnit.SECONDS) / 100 * 100, "round " + round + ": the deploy");
                assertEquals(200, rollback.get(60, TimeUnit.SECONDS), "round " + round + ": the rollback");

                String sha256 = sha256(module);
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while ((!versions(second).containsValue(sha256) || !versions(first).equals(versions(second)))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Map<Integer, String> kept = versions(second);
                assertEquals(before + 1, kept.size(), "round " + round + ": the deploy's version is kept: " + kept);
                assertTrue(kept.containsValue(sha256), "round " + round + ": " + kept);
                assertEquals(versions(first), kept, "round " + round);
            }
        } finally {
            deployers.shutdownNow();
        }
    }
}

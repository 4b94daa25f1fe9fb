package dev.edgehost.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.RedisServer;
import dev.edgehost.testing.RedisServerExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two hosts on one Redis while Redis is flushed, killed and started again empty or with its data,
 * or hangs: no function is undeployed, nothing acknowledged is lost that Redis kept, key-value
 * calls fail fast during the outage, readiness follows Redis, and the log says what happened.
 */
class RedisFaultsTest {
    private static final Duration RECONCILE = Duration.ofMillis(200);

    /** Each test's own servers, stopped after the hosts the test's {@code @AfterEach} closes. */
    @RegisterExtension
    static final RedisServerExtension servers = RedisServerExtension.onDemand();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void captureLog() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        root.detachAppender(log);
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    private TestHost host(RedisServer redis) {
        return closeLater(TestHost.start(null, builder -> builder.redis(redis.uri()).reconcileInterval(RECONCILE)));
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<ILoggingEvent> events(String event) {
        synchronized (log) {
            return log.list.stream().filter(line -> event.equals(field(line, "event"))).collect(Collectors.toList());
        }
    }

    private static Object field(ILoggingEvent line, String key) {
        if (line.getKeyValuePairs() == null) {
            return null;
        }
        return line.getKeyValuePairs().stream().filter(pair -> pair.key.equals(key)).map(pair -> pair.value).findFirst().orElse(null);
    }

    private static Set<String> storedFunctions(RedisServer redis) {
        return TestRedisCommands.call(redis.uri(), commands -> commands.hkeys("edge:functions".getBytes(StandardCharsets.UTF_8)))
                .stream()
                .map(name -> new String(name, StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    private static int readiness(TestHost host) {
        return host.admin("GET", "/readyz").statusCode();
    }

    /** Deploys counter and hello on the first host and waits until the second serves them. */
    private static void deployBoth(TestHost first, TestHost second) throws InterruptedException {
        first.deployOrFail("counter", TestHost.sample("kv-counter"), "config.team=edge&timeout-ms=3000");
        first.deployOrFail("hello", TestHost.sample("hello"), "");
        await(() -> second.admin("GET", "/functions/counter").statusCode() == 200
                        && second.admin("GET", "/functions/hello").statusCode() == 200,
                "the second host serves both");
    }

    @Test
    void flushAll_underLoad_keepsServingAndPublishesTheFunctionsAgain() throws Exception {
        RedisServer redis = servers.start();
        TestHost first = host(redis);
        TestHost second = host(redis);
        deployBoth(first, second);
        String deployedAt = TestHost.json(first.admin("GET", "/functions/counter")).path("deployedAt").asText();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (TestHost host : List.of(first, second, first, second)) {
            load.submit(() -> {
                while (running.get()) {
                    HttpResponse<String> hello = host.get("/hello");
                    answers.computeIfAbsent(hello.statusCode() + " " + hello.body(), key -> new AtomicInteger()).incrementAndGet();
                    host.get("/counter");
                }
                return null;
            });
        }
        Thread.sleep(300);

        redis.flush();

        await(() -> storedFunctions(redis).equals(Set.of("counter", "hello")), "both functions are back in Redis");
        Thread.sleep(300);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(Set.of("200 Hello from the edge!\n"), answers.keySet(), "every request was served: " + answers);
        assertTrue(events("undeploy").isEmpty(), "nothing undeployed");
        List<ILoggingEvent> lost = events("store_lost");
        assertFalse(lost.isEmpty());
        assertEquals(Level.ERROR, lost.get(0).getLevel());
        assertTrue(lost.get(0).getFormattedMessage().contains("the key-value data written to it before is gone"),
                lost.get(0).getFormattedMessage());
        try (TestHost third = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            assertEquals(200, third.get("/hello").statusCode(), "a host started after the flush serves it");
            JsonNode counter = TestHost.json(third.admin("GET", "/functions/counter"));
            assertEquals(deployedAt, counter.path("deployedAt").asText(), "published again as it was deployed");
            assertEquals("edge", counter.path("config").path("team").asText());
            assertEquals(3000, counter.path("limits").path("timeout-ms").asLong());
        }
    }

    @Test
    void killedAndRestartedEmpty_hostsServeThroughoutFailFastAndPublishAgain() throws Exception {
        RedisServer redis = servers.start();
        TestHost first = host(redis);
        TestHost second = host(redis);
        deployBoth(first, second);
        assertEquals(200, readiness(first));
        // Both hosts have run the function once, so that what is measured below is the outage, not a first call.
        assertEquals("1", first.get("/counter").body());
        assertEquals("2", second.get("/counter").body());

        redis.kill();

        await(() -> readiness(first) == 503 && readiness(second) == 503, "both hosts unready");
        String reasons = TestHost.json(first.admin("GET", "/readyz")).path("reasons").toString();
        assertTrue(reasons.contains("backend redis://127.0.0.1:") && reasons.contains("unreachable"), reasons);
        long[] latencies = new long[40];
        for (int i = 0; i < latencies.length; i++) {
            TestHost host = i % 2 == 0 ? first : second;
            long start = System.nanoTime();
            HttpResponse<String> counted = host.get("/counter");
            latencies[i] = System.nanoTime() - start;
            assertEquals("500 kv error -5", counted.statusCode() + " " + counted.body());
            assertEquals(200, host.get("/hello").statusCode(), "functions without key-value calls are served");
        }
        System.out.println("key-value calls during the outage, in order: "
                + Arrays.stream(latencies).mapToObj(nanos -> String.format("%.0f", nanos / 1e6)).collect(Collectors.joining(" ")));
        Arrays.sort(latencies);
        System.out.printf("key-value calls during the outage: p50 %.1f ms, max %.1f ms%n",
                latencies[latencies.length / 2] / 1e6, latencies[latencies.length - 1] / 1e6);
        assertTrue(latencies[latencies.length - 1] < 300_000_000L, "every call failed in under 300 ms");
        assertEquals(500, first.deploy("late", TestHost.sample("hello"), "").statusCode(), "a deploy Redis cannot keep is refused");
        assertEquals(404, first.get("/late").statusCode(), "and changes nothing");

        redis.restart();
        long back = System.nanoTime();

        await(() -> first.get("/counter").statusCode() == 200, "key-value calls work again");
        System.out.printf("first successful key-value call %.0f ms after Redis was back%n", (System.nanoTime() - back) / 1e6);
        await(() -> readiness(first) == 200 && readiness(second) == 200, "both hosts ready again");
        System.out.printf("both hosts ready %.0f ms after Redis was back%n", (System.nanoTime() - back) / 1e6);
        await(() -> storedFunctions(redis).equals(Set.of("counter", "hello")), "the functions are published again");
        System.out.printf("functions published again %.0f ms after Redis was back%n", (System.nanoTime() - back) / 1e6);
        assertTrue(events("undeploy").isEmpty(), "nothing undeployed");
        assertFalse(events("store_lost").isEmpty(), "the log says Redis lost its data");
        assertFalse(events("backend_down").isEmpty());
        assertFalse(events("backend_up").isEmpty());
        try (TestHost third = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            assertEquals(200, third.get("/hello").statusCode());
            assertEquals(200, third.get("/counter").statusCode());
        }
    }

    @Test
    void killedAndRestartedWithItsData_losesNothingAcknowledged(@TempDir Path dataDir) throws Exception {
        RedisServer redis = servers.startPersistent(dataDir);
        TestHost first = host(redis);
        TestHost second = host(redis);
        deployBoth(first, second);
        int acknowledged = 0;
        for (int i = 1; i <= 20; i++) {
            assertEquals(String.valueOf(i), (i % 2 == 0 ? first : second).get("/counter").body());
            acknowledged = i;
        }
        HttpResponse<String> written =
                first.send(HttpRequest.newBuilder(first.adminUri("/functions/counter/kv/note"))
                        .PUT(HttpRequest.BodyPublishers.ofString("kept"))
                        .build());
        assertEquals(204, written.statusCode());

        redis.kill();
        await(() -> readiness(first) == 503, "unready while Redis is gone");
        redis.restart();

        await(() -> readiness(first) == 200 && readiness(second) == 200, "both hosts ready again");
        assertEquals(String.valueOf(acknowledged + 1), second.get("/counter").body(), "every acknowledged count survived");
        assertEquals("kept", first.admin("GET", "/functions/counter/kv/note").body());
        assertEquals(Set.of("counter", "hello"), storedFunctions(redis));
        assertTrue(events("store_lost").isEmpty(), "Redis kept its data: its generation is unchanged");
        assertTrue(events("undeploy").isEmpty());
    }

    @Test
    void redisHangs_kvCallsAreBoundedByTheTimeoutAndTheBreakerOpens() throws Exception {
        RedisServer redis = servers.start();
        TestHost host = closeLater(TestHost.start(null, builder -> builder.redis(redis.uri()).kvTimeout(Duration.ofMillis(100))));
        host.deployOrFail("counter", TestHost.sample("kv-counter"), "");
        assertEquals("1", host.get("/counter").body());

        // Paused far longer than the timeout, so a call the timeout did not bound would take seconds.
        TestRedisCommands.call(redis.uri(), commands -> commands.clientPause(3_000));

        long[] latencies = new long[10];
        for (int i = 0; i < latencies.length; i++) {
            long start = System.nanoTime();
            assertEquals("kv error -5", host.get("/counter").body());
            latencies[i] = System.nanoTime() - start;
        }
        System.out.printf("key-value calls to a hung Redis: %s ms%n",
                Arrays.stream(latencies).mapToObj(nanos -> String.format("%.0f", nanos / 1e6)).collect(Collectors.joining(" ")));
        // The bound leaves room for a loaded machine's scheduling, yet is a third of the pause.
        for (long nanos : latencies) {
            assertTrue(nanos < 1_000_000_000L, "the timeout (100 ms) bounds a call to a hung Redis: " + nanos / 1e6);
        }
        // After three timeouts the breaker fails calls at once but for a probe every 100 ms (KvCircuitBreakerTest).
        assertEquals(1, events("kv_circuit_open").size());
        await(() -> host.get("/counter").statusCode() == 200, "calls work again once Redis answers");
    }

    @Test
    void recordMissingWithoutRemoval_isPublishedAgainNotUndeployed() throws Exception {
        RedisServer redis = servers.start();
        TestHost first = host(redis);
        TestHost second = host(redis);
        deployBoth(first, second);

        TestRedisCommands.call(redis.uri(),
                commands -> commands.hdel("edge:functions".getBytes(StandardCharsets.UTF_8), "hello".getBytes(StandardCharsets.UTF_8)));

        await(() -> storedFunctions(redis).contains("hello"), "published again");
        assertEquals(200, first.get("/hello").statusCode());
        assertEquals(200, second.get("/hello").statusCode());
        assertTrue(events("undeploy").isEmpty());
        assertFalse(events("republish").isEmpty());
    }

    @Test
    void removals_announcedOrOnlyRecorded_areAppliedAndLoggedWithTheirCause() throws Exception {
        RedisServer redis = servers.start();
        TestHost first = host(redis);
        TestHost second = host(redis);
        deployBoth(first, second);

        assertEquals(204, first.admin("DELETE", "/functions/hello").statusCode());
        await(() -> second.get("/hello").statusCode() == 404, "the announced removal reaches the second host");
        // A removal whose announcement both hosts missed: only the record in Redis says so.
        TestRedisCommands.call(redis.uri(), commands -> {
            commands.hset("edge:removed".getBytes(StandardCharsets.UTF_8), "counter".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8));
            return commands.hdel("edge:functions".getBytes(StandardCharsets.UTF_8), "counter".getBytes(StandardCharsets.UTF_8));
        });
        await(() -> first.get("/counter").statusCode() == 404 && second.get("/counter").statusCode() == 404,
                "the recorded removal is applied at the next comparison");

        Set<String> causes =
                events("undeploy").stream().map(line -> field(line, "function") + ": " + field(line, "cause")).collect(Collectors.toSet());
        String recorded = "removal recorded in " + RedisBackend.withoutPassword(redis.uri());
        // The second host learns of hello's removal from the announcement or, if its comparison
        // comes first, from the record; counter's only from the record.
        assertTrue(
                causes.equals(Set.of("hello: undeployed on this host", "hello: undeployed on another host (announced)",
                                "counter: " + recorded))
                        || causes.equals(Set.of("hello: undeployed on this host", "hello: " + recorded, "counter: " + recorded)),
                causes.toString());
        assertFalse(storedFunctions(redis).contains("counter"), "a recorded removal is not published again");
        assertFalse(storedFunctions(redis).contains("hello"));
    }
}

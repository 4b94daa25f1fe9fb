package dev.edgehost.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.testing.TestOrigin;
import io.undertow.server.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's fetch() starts requests with fetch_start and its event loop waits with fetch_wait_any (SPEC §12.7-12.9). */
class JavaScriptConcurrentFetchTest {
    private static final long DELAY_MS = 300;
    /** The three requests of the Promise.all test, counted down as each reaches the origin. */
    private static final CountDownLatch MEETING = new CountDownLatch(3);

    private static EdgeHost host;
    private static TestOrigin origin;

    @BeforeAll
    static void start() {
        host = EdgeHost.builder().workers(2).build();
        origin = TestOrigin.start()
                .route("/a", delayed(DELAY_MS, "a"))
                .route("/meet-a", meeting("a"))
                .route("/meet-b", meeting("b"))
                .route("/meet-c", meeting("c"))
                .route("/late", delayed(3 * DELAY_MS, "late"))
                .route("/fast", TestOrigin.answer(200, "fast"))
                .route("/slow", delayed(5_000, "slow"));
        warmUp();
    }

    /**
     * Runs the engine's fetch path until the JVM has compiled it: the first requests of a cold
     * JVM interpret the engine's huge methods and take hundreds of milliseconds, as long as the
     * origins' delays the tests compare against.
     */
    private static void warmUp() {
        host.deployScript("warm-js", ("export default { async fetch() {\n"
                + "  const all = await Promise.all([fetch('ORIGIN/fast'), fetch('ORIGIN/fast')]);\n"
                + "  return new Response((await Promise.all(all.map((r) => r.text()))).join(','));\n"
                + "} };").replace("ORIGIN", origin.origin()), FunctionSettings.builder().allowFetch(origin.origin()).build());
        for (int i = 0; i < 200; i++) {
            JavaScriptFunctionTest.get(host, "/warm-js");
        }
    }

    @AfterAll
    static void stop() {
        host.close();
        origin.close();
    }

    /**
     * Answers once all three meeting requests are at the origin at the same time, and "alone"
     * after ten seconds without them: a behaviour, not a duration, shows the fetches overlap.
     */
    private static HttpHandler meeting(String body) {
        return exchange -> {
            MEETING.countDown();
            boolean met = MEETING.await(10, TimeUnit.SECONDS);
            TestOrigin.send(exchange, 200, met ? body : "alone");
        };
    }

    private static HttpHandler delayed(long millis, String body) {
        return exchange -> {
            Thread.sleep(millis);
            TestOrigin.send(exchange, 200, body);
        };
    }

    private static String run(String name, String script, FunctionSettings settings) {
        host.deployScript(name, script.replace("ORIGIN", origin.origin()), settings);
        EdgeResponse response = JavaScriptFunctionTest.get(host, "/" + name);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String run(String name, String script) {
        return run(name, script, FunctionSettings.builder().allowFetch(origin.origin()).build());
    }

    @Test
    void fetch_promiseAllOfThreeOrigins_hasAllThreeUnderWayAtOnce() {
        String body = run("all-js", "export default { async fetch() {\n"
                + "  const all = await Promise.all(['a', 'b', 'c'].map((p) => fetch('ORIGIN/meet-' + p)));\n"
                + "  const texts = await Promise.all(all.map((r) => r.text()));\n"
                + "  return new Response(texts.join(',') + ' ' + all.map((r) => r.status).join(','));\n"
                + "} };");

        assertEquals("a,b,c 200,200,200", body, "each origin answers only once all three requests have reached it; "
                + "fetched one after another, the first would wait alone");
    }

    @Test
    void fetch_promisesResolve_inTheOrderTheOriginsAnswer() {
        String body = run("order-js", "export default { async fetch() {\n"
                + "  const order = [];\n"
                + "  const track = (p) => fetch('ORIGIN/' + p).then(async (r) => { order.push(await r.text()); });\n"
                + "  await Promise.all([track('late'), track('a'), track('fast')]);\n"
                + "  return new Response(order.join(','));\n"
                + "} };");

        assertEquals("fast,a,late", body);
    }

    @Test
    void fetch_unreachableOriginAmongOthers_rejectsOnlyItsPromiseWithTypeError() {
        String body = run("reject-js", "export default { async fetch() {\n"
                + "  const results = await Promise.allSettled([fetch('ORIGIN/a'), fetch('http://127.0.0.1:1/'),\n"
                + "    fetch('http://denied.example/')]);\n"
                + "  return new Response(results.map((r) => r.status === 'fulfilled' ? r.value.status\n"
                + "    : r.reason.constructor.name + ': ' + r.reason.message).join('\\n'));\n"
                + "} };", FunctionSettings.builder().allowFetch(origin.origin()).allowFetch("http://127.0.0.1:1").build());

        String[] lines = body.split("\n");
        assertEquals("200", lines[0], body);
        assertTrue(lines[1].startsWith("TypeError: fetch http://127.0.0.1:1/ failed: the origin could not be reached"), body);
        assertTrue(lines[2].startsWith("TypeError: fetch http://denied.example/ failed: the origin is not on the allow-list"), body);
    }

    @Test
    void fetch_timerShorterThanTheFetch_firesFirstAndTheFetchStillResolves() {
        String body = run("timer-js", "export default { async fetch() {\n"
                + "  const events = [];\n"
                + "  const timer = new Promise((r) => setTimeout(() => { events.push('timer'); r(); }, 50));\n"
                + "  const fetched = fetch('ORIGIN/a').then(() => events.push('fetch'));\n"
                + "  const raced = await Promise.race([fetch('ORIGIN/a').then(() => 'fetch'),\n"
                + "    new Promise((r) => setTimeout(() => r('timeout'), 100))]);\n"
                + "  await Promise.all([timer, fetched]);\n"
                + "  return new Response(events.join(',') + ' ' + raced);\n"
                + "} };");

        assertEquals("timer,fetch timeout", body);
    }

    @Test
    void fetch_slowOrigin_theDeadlineStillStopsTheScript() {
        FunctionSettings settings = FunctionSettings.builder()
                .allowFetch(origin.origin())
                .limits(FunctionLimits.builder().timeout(Duration.ofMillis(500)).build())
                .build();
        long begin = System.nanoTime();

        EdgeException failure = assertThrows(EdgeException.class, () -> run("deadline-js",
                "export default { async fetch() { const r = await fetch('ORIGIN/slow'); return new Response(await r.text()); } };",
                settings));

        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertEquals("timeout", failure.error().code(), failure.getMessage());
        assertTrue(millis < 4_000, "the 500 ms deadline stopped the wait on a 5 s origin after " + millis + " ms");
    }
}

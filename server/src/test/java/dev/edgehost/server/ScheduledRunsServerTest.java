package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.execution.RequestExecutor;
import dev.edgehost.host.execution.ScheduledRuns;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled runs on a real server: the {@code schedule} deploy parameter, the function JSON, the
 * metrics, a JavaScript scheduled handler, restarts, and a client that tries the method. The test
 * moves the scheduler's clock instead of waiting for minutes.
 */
class ScheduledRunsServerTest {
    /** Counts its scheduled runs under the key "runs"; handle answers nothing. */
    static final String COUNTS_RUNS =
            "(module\n"
                    + "  (import \"edge\" \"kv_incr\" (func $kv_incr (param i32 i32 i64 i32 i32) (result i32)))\n"
                    + "  (memory (export \"memory\") 1)\n"
                    + "  (data (i32.const 0) \"runs\")\n"
                    + "  (func (export \"handle\"))\n"
                    + "  (func (export \"scheduled\")\n"
                    + "    (drop (call $kv_incr (i32.const 0) (i32.const 4) (i64.const 1) (i32.const 0) (i32.const 64)))))\n";
    private static final Instant START = Instant.parse("2030-01-01T00:00:30Z");
    private static final String EVERY_MINUTE = "schedule=*+*+*+*+*";

    /** The host's scheduler, on a fixed clock so that only the test's ticks run. */
    static ScheduledRuns scheduler(TestHost host) {
        ScheduledRuns runs = HostCore.of(host.server().host()).scheduledRuns();
        runs.useClock(Clock.fixed(START, ZoneOffset.UTC));
        return runs;
    }

    static void await(List<CompletableFuture<RequestExecutor.Outcome>> runs) {
        runs.forEach(CompletableFuture::join);
    }

    @Test
    void deploy_schedules_areInTheFunctionJsonWithTheNextRun() {
        try (TestHost host = TestHost.start(null)) {
            scheduler(host);
            HttpResponse<String> deployed =
                    host.deploy("tick", TestHost.wat(COUNTS_RUNS), EVERY_MINUTE + "&schedule=0+12+*+*+MON");

            assertEquals(201, deployed.statusCode(), deployed.body());
            JsonNode info = TestHost.json(deployed);
            assertEquals("* * * * *", info.path("schedules").path(0).asText());
            assertEquals("0 12 * * MON", info.path("schedules").path(1).asText());
            assertEquals("2030-01-01T00:01:00Z", info.path("nextScheduledRun").asText());
            assertTrue(TestHost.json(host.admin("GET", "/functions")).path("functions").path(0).has("nextScheduledRun"));
        }
    }

    @Test
    void deploy_invalidSchedule_isA400NamingTheProblemAndDeploysNothing() {
        try (TestHost host = TestHost.start(null)) {
            HttpResponse<String> refused = host.deploy("tick", TestHost.wat(COUNTS_RUNS), "schedule=*/7+*+*+*+*+*");

            assertEquals(400, refused.statusCode());
            assertEquals("bad_request", TestHost.errorCode(refused));
            assertTrue(refused.body().contains("invalid schedule \\\"*/7 * * * * *\\\": 6 fields"), refused.body());
            assertEquals(404, host.admin("GET", "/functions/tick").statusCode());
        }
    }

    @Test
    void tick_everyMinute_runsTheFunctionAndCountsItInTheMetrics() {
        try (TestHost host = TestHost.start(null)) {
            ScheduledRuns runs = scheduler(host);
            host.deployOrFail("tick", TestHost.wat(COUNTS_RUNS), EVERY_MINUTE);

            for (int minute = 1; minute <= 3; minute++) {
                await(runs.tick(START.plusSeconds(60L * minute)));
            }

            assertEquals("3", host.admin("GET", "/functions/tick/kv/runs").body());
            String metrics = host.admin("GET", "/metrics").body();
            assertTrue(metrics.contains("edge_scheduled_runs_total{function=\"tick\",outcome=\"ok\"} 3.0"), metrics);
            assertTrue(metrics.contains("edge_scheduled_runs_skipped_total 0.0"), metrics);
        }
    }

    @Test
    void tick_javascriptScheduledHandler_getsTheCronAndTheScheduledTime() {
        String script = "export default {\n"
                + "  fetch() { return new Response('fetch'); },\n"
                + "  async scheduled(event, env, ctx) {\n"
                + "    ctx.waitUntil(env.KV.put('last', event.type + ' ' + event.cron + ' ' + event.scheduledTime));\n"
                + "  },\n"
                + "};\n";
        try (TestHost host = TestHost.start(null)) {
            ScheduledRuns runs = scheduler(host);
            host.deployScriptOrFail("js-tick", script, "schedule=*/2+*+*+*+*");

            List<CompletableFuture<RequestExecutor.Outcome>> run = runs.tick(Instant.parse("2030-01-01T00:02:00Z"));

            assertEquals(1, run.size());
            assertEquals(null, run.get(0).join().failure());
            assertEquals("scheduled */2 * * * * " + Instant.parse("2030-01-01T00:02:00Z").toEpochMilli(),
                    host.admin("GET", "/functions/js-tick/kv/last").body());
            assertEquals("fetch", host.get("/js-tick").body());
        }
    }

    @Test
    void tick_scriptWithoutScheduledHandler_isAScriptErrorInTheMetrics() {
        try (TestHost host = TestHost.start(null)) {
            ScheduledRuns runs = scheduler(host);
            host.deployScriptOrFail("js-none", "export default { fetch() { return new Response('x'); } };", EVERY_MINUTE);

            await(runs.tick(START.plusSeconds(60)));

            String metrics = host.admin("GET", "/metrics").body();
            assertTrue(metrics.contains("edge_scheduled_runs_total{function=\"js-none\",outcome=\"script_error\"} 1.0"), metrics);
        }
    }

    @Test
    void restart_schedules_areKeptInTheDataDir(@TempDir Path dataDir) {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("tick", TestHost.wat(COUNTS_RUNS), EVERY_MINUTE);
        }
        try (TestHost host = TestHost.start(dataDir)) {
            ScheduledRuns runs = scheduler(host);
            await(runs.tick(START.plusSeconds(60)));

            assertEquals("* * * * *", TestHost.json(host.admin("GET", "/functions/tick")).path("schedules").path(0).asText());
            assertEquals("1", host.admin("GET", "/functions/tick/kv/runs").body());
        }
    }

    @Test
    void publicRequest_methodScheduled_isRefusedWith405() throws Exception {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("echo", TestHost.sample("echo"), "");

            HttpResponse<String> response = host.send(
                    HttpRequest.newBuilder(host.uri("/echo")).method("SCHEDULED", HttpRequest.BodyPublishers.noBody()).build());

            assertEquals(405, response.statusCode());
            assertEquals("method_not_allowed", TestHost.errorCode(response));
        }
    }
}

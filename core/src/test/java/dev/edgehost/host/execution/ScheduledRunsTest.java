package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FuelExhaustedException;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.spi.RequestRecord;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled runs on a real host with real guests; the test moves the scheduler's clock instead of
 * waiting for minutes to pass, except in the one real-time test, which puts the clock two seconds
 * before a minute.
 */
class ScheduledRunsTest {
    /** Answers "handle" from handle and "scheduled" from scheduled. */
    private static final String BOTH_ENTRIES =
            "(module\n"
                    + "  (import \"edge\" \"resp_write\" (func $resp_write (param i32 i32) (result i32)))\n"
                    + "  (memory (export \"memory\") 1)\n"
                    + "  (data (i32.const 0) \"handle\")\n"
                    + "  (data (i32.const 16) \"scheduled\")\n"
                    + "  (func (export \"handle\") (drop (call $resp_write (i32.const 0) (i32.const 6))))\n"
                    + "  (func (export \"scheduled\") (drop (call $resp_write (i32.const 16) (i32.const 9)))))\n";
    private static final String SCHEDULED_LOOPS =
            "(module\n"
                    + "  (memory (export \"memory\") 1)\n"
                    + "  (func (export \"handle\"))\n"
                    + "  (func (export \"scheduled\") (loop $forever (br $forever))))\n";
    private static final Instant START = Instant.parse("2030-01-01T00:00:30Z");

    private final List<RequestRecord> records = new CopyOnWriteArrayList<>();
    private EdgeHost host;
    private ScheduledRuns runs;

    @BeforeEach
    void startHost() {
        host = EdgeHost.builder().workers(2).observer(records::add).build();
        runs = HostCore.of(host).scheduledRuns();
        // A fixed clock: the host's own ticker sees no minute pass, only the test's ticks run.
        runs.useClock(Clock.fixed(START, ZoneOffset.UTC));
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    private static FunctionSettings schedules(String... crons) {
        FunctionSettings.Builder settings = FunctionSettings.builder();
        for (String cron : crons) {
            settings.schedule(cron);
        }
        return settings.build();
    }

    private static String body(CompletableFuture<RequestExecutor.Outcome> run) {
        RequestExecutor.Outcome outcome = run.join();
        assertNull(outcome.failure(), () -> String.valueOf(outcome.failure()));
        return new String(outcome.response().body(), StandardCharsets.UTF_8);
    }

    @Test
    void tick_everyMinute_runsTheScheduledExportOncePerMinute() {
        host.deploy("both", TestGuests.wat(BOTH_ENTRIES), schedules("* * * * *"));

        List<CompletableFuture<RequestExecutor.Outcome>> first = runs.tick(Instant.parse("2030-01-01T00:01:00Z"));
        List<CompletableFuture<RequestExecutor.Outcome>> sameMinute = runs.tick(Instant.parse("2030-01-01T00:01:59Z"));
        List<CompletableFuture<RequestExecutor.Outcome>> next = runs.tick(Instant.parse("2030-01-01T00:02:00.001Z"));

        assertEquals(1, first.size());
        assertEquals("scheduled", body(first.get(0)));
        assertEquals(0, sameMinute.size());
        assertEquals(1, next.size());
        assertEquals("scheduled", body(next.get(0)));
        assertEquals(List.of("SCHEDULED", "SCHEDULED"), records.stream().map(RequestRecord::method).toList());
    }

    @Test
    void tick_moduleWithoutScheduledExport_runsHandleWithMethodScheduledAndTheScheduleHeaders() {
        host.deploy("echo", TestGuests.sample("echo"), schedules("*/5 * * * *"));
        Instant minute = Instant.parse("2030-01-01T00:05:00Z");

        assertEquals(List.of(), runs.tick(Instant.parse("2030-01-01T00:04:00Z")));
        List<CompletableFuture<RequestExecutor.Outcome>> fifth = runs.tick(minute.plusSeconds(3));

        assertEquals(1, fifth.size());
        assertEquals(
                "SCHEDULED\nhttp://localhost/echo\nx-edge-schedule: */5 * * * *\nx-edge-scheduled-time: "
                        + minute.toEpochMilli() + "\n\n",
                body(fifth.get(0)));
    }

    @Test
    void tick_severalSchedulesMatchOneMinute_runsOnceWithTheFirst() {
        host.deploy("echo", TestGuests.sample("echo"), schedules("0 * * * *", "* * * * *"));
        runs.useClock(Clock.fixed(Instant.parse("2030-01-01T00:59:30Z"), ZoneOffset.UTC));

        List<CompletableFuture<RequestExecutor.Outcome>> hour = runs.tick(Instant.parse("2030-01-01T01:00:00Z"));

        assertEquals(1, hour.size());
        assertTrue(body(hour.get(0)).contains("x-edge-schedule: 0 * * * *\n"));
    }

    @Test
    void tick_runOutOfFuel_isRecordedAsAScheduledRunThatFailed() {
        FunctionSettings settings = FunctionSettings.builder()
                .limits(FunctionLimits.builder().set(ExecutionLimits.FUEL, 100_000).build())
                .schedule("* * * * *")
                .build();
        host.deploy("loops", TestGuests.wat(SCHEDULED_LOOPS), settings);

        RequestExecutor.Outcome outcome = runs.tick(Instant.parse("2030-01-01T00:01:00Z")).get(0).join();

        assertInstanceOf(FuelExhaustedException.class, outcome.failure());
        RequestRecord record = records.get(0);
        assertEquals("SCHEDULED", record.method());
        assertEquals("fuel_exhausted", record.error());
        assertEquals("loops", record.function());
    }

    @Test
    void tick_afterALongPause_catchesUpAtMostFiveMinutesAndNeverReplaysMore() {
        host.deploy("both", TestGuests.wat(BOTH_ENTRIES), schedules("* * * * *"));

        List<CompletableFuture<RequestExecutor.Outcome>> late = runs.tick(Instant.parse("2030-01-01T01:00:10Z"));

        assertEquals(ScheduledRuns.MAX_CATCH_UP_MINUTES, late.size());
        late.forEach(CompletableFuture::join);
    }

    @Test
    void tick_clockGoesBack_runsNothingTwice() {
        host.deploy("both", TestGuests.wat(BOTH_ENTRIES), schedules("* * * * *"));
        runs.tick(Instant.parse("2030-01-01T00:03:00Z")).forEach(CompletableFuture::join);

        assertEquals(List.of(), runs.tick(Instant.parse("2030-01-01T00:02:00Z")));
        assertEquals(List.of(), runs.tick(Instant.parse("2030-01-01T00:03:30Z")));
    }

    @Test
    void tick_functionWithoutSchedules_isNeverRun() {
        host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());

        assertEquals(List.of(), runs.tick(Instant.parse("2030-01-01T00:01:00Z")));
    }

    @Test
    void nextRun_schedules_isTheEarliestOfThem() {
        FunctionSettings settings = schedules("0 12 * * *", "45 * * * *");

        assertEquals(Optional.of(Instant.parse("2030-01-01T00:45:00Z")), runs.nextRun(settings));
        assertEquals(Optional.empty(), runs.nextRun(FunctionSettings.defaults()));
    }

    @Test
    void handle_clientSendsMethodScheduled_isRefusedAsTheHostsOwn() {
        host.deploy("echo", TestGuests.sample("echo"), FunctionSettings.defaults());
        EdgeRequest request = EdgeRequest.builder("SCHEDULED", URI.create("http://localhost/echo")).build();

        EdgeException refused = assertThrows(EdgeException.class, () -> host.handle(request));

        assertEquals(405, refused.error().status());
        assertEquals("method_not_allowed", refused.error().code());
    }

    @Test
    void scheduleSetting_invalidCron_isRefusedNamingTheField() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> schedules("* 25 * * *"));

        assertEquals("invalid schedule \"* 25 * * *\": hour \"25\": out of range 0-23", refused.getMessage());
    }

    @Test
    void realClock_minuteBegins_theHostsOwnTickerRunsTheFunctionWithinSeconds() throws InterruptedException {
        host.deploy("both", TestGuests.wat(BOTH_ENTRIES), schedules("* * * * *"));
        Instant now = Instant.now();
        Instant twoSecondsBeforeAMinute = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(58);
        runs.useClock(Clock.offset(Clock.systemUTC(), Duration.between(now, twoSecondsBeforeAMinute)));

        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (records.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertEquals(1, records.size(), "one run within about two seconds");
        assertEquals("SCHEDULED", records.get(0).method());
    }
}

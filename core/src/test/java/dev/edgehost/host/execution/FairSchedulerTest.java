package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionOverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The order in which a scheduler hands requests to workers, with a clock and workers of the test's. */
class FairSchedulerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000 * MS;
    /** Tasks handed to a worker, as the function names they run for, in order. */
    private final List<String> started = new ArrayList<>();
    /** Tasks handed to a worker and not finished yet. */
    private final List<Request> running = new ArrayList<>();

    /** A request's task: the function it runs for. */
    private record Request(String function) implements Runnable {
        @Override
        public void run() {}
    }

    private FairScheduler scheduler(int workers, int queueSize) {
        return new FairScheduler(workers, queueSize, this::start, () -> now);
    }

    /** A scheduler of so many workers on so many cores. */
    private FairScheduler onCores(int workers, int cores) {
        return new FairScheduler(workers, Integer.MAX_VALUE / 2, 100, cores, this::start, () -> now);
    }

    private void start(Runnable task) {
        Request request = (Request) task;
        started.add(request.function());
        running.add(request);
    }

    /** The function's requests, each finished as it starts, have used so much worker time in all. */
    private void history(FairScheduler scheduler, String function, long workerNanos) {
        submit(scheduler, function, 0);
        finishOldest(scheduler, workerNanos);
    }

    /** So many requests of the function, each finished as it starts, took so much worker time each. */
    private void history(FairScheduler scheduler, String function, int requests, long workerNanosEach) {
        for (int i = 0; i < requests; i++) {
            history(scheduler, function, workerNanosEach);
        }
    }

    private void submit(FairScheduler scheduler, String function, long maxConcurrency) {
        scheduler.submit(function, maxConcurrency, new Request(function));
    }

    private void submit(FairScheduler scheduler, String function, long maxConcurrency, int times) {
        for (int i = 0; i < times; i++) {
            submit(scheduler, function, maxConcurrency);
        }
    }

    /**
     * Ten requests of a loop above the fair share leave half the four workers free, and two of
     * hello take them at once.
     */
    private void assertLoopLeavesTheKeptWorkersToHello(FairScheduler scheduler, String why) {
        submit(scheduler, "loop", 1_000, 10);
        assertEquals(2, scheduler.running(), "the loop, above the fair share, leaves half the workers free");
        submit(scheduler, "hello", 0, 2);
        assertEquals(4, scheduler.running(), why);
    }

    /** The loop ran one request, reached a hard limit three times and went in the penalty box, then ended after so long. */
    private void boxedLoop(FairScheduler scheduler, long workerNanos) {
        submit(scheduler, "loop", 0);
        strike(scheduler, "loop", 3);
        finishOldest(scheduler, workerNanos);
    }

    /** The oldest task handed to a worker ends, having taken so much worker time. */
    private void finishOldest(FairScheduler scheduler, long workerNanos) {
        scheduler.finished(running.remove(0).function(), workerNanos);
    }

    /** The function's requests ran out of fuel or time so many times. */
    private static void strike(FairScheduler scheduler, String function, int times) {
        for (int i = 0; i < times; i++) {
            scheduler.strike(function);
        }
    }

    @Test
    void freeWorker_runsTheFunctionWithTheLeastRecentWorkerTimeFirst() {
        FairScheduler scheduler = scheduler(1, 100);
        submit(scheduler, "loop", 0, 3);
        submit(scheduler, "hello", 0, 2);

        finishOldest(scheduler, 300 * MS);
        finishOldest(scheduler, MS / 2);
        finishOldest(scheduler, MS / 2);
        finishOldest(scheduler, 300 * MS);

        assertEquals(List.of("loop", "hello", "hello", "loop", "loop"), started, "hello goes before the loop's waiting requests");
    }

    @Test
    void recentWorkerTime_decaysWithAOneSecondHalfLife() {
        FairScheduler scheduler = scheduler(1, 100);
        history(scheduler, "a", 400 * MS);
        history(scheduler, "b", 300 * MS);

        now += 2_000 * MS;
        submit(scheduler, "blocker", 0);
        submit(scheduler, "a", 0);
        submit(scheduler, "b", 0);
        finishOldest(scheduler, 0);

        assertEquals(List.of("a", "b", "blocker", "b"), started, "b used less, its time decayed as a's did");
    }

    @Test
    void submit_pastMaxConcurrencyAndTheQueueShare_isRefusedWhileOthersStillRun() {
        FairScheduler scheduler = scheduler(4, 4);
        submit(scheduler, "slow", 1, 4);

        FunctionOverloadedException refused = assertThrows(FunctionOverloadedException.class, () -> submit(scheduler, "slow", 1));

        assertTrue(refused.getMessage().startsWith("function slow has 1 requests running, its limit, and 3 waiting"), refused.getMessage());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(1, scheduler.running());
        assertEquals(3, scheduler.waiting());
        submit(scheduler, "hello", 0);
        assertEquals(2, scheduler.running(), "another function still gets a worker");
        assertEquals(List.of("slow", "hello"), started);
    }

    @Test
    void maxConcurrencyZero_isThreeQuartersOfTheWorkers() {
        FairScheduler scheduler = scheduler(8, 100);
        submit(scheduler, "busy", 0, 8);

        assertEquals(6, scheduler.defaultConcurrency());
        assertEquals(6, scheduler.running());
        assertEquals(2, scheduler.waiting());
    }

    @Test
    void halfTheWorkers_areKeptForFunctionsAtOrBelowTheFairShare() {
        FairScheduler scheduler = scheduler(4, 100);
        history(scheduler, "hello", MS / 2);
        history(scheduler, "loop", 300 * MS);

        assertLoopLeavesTheKeptWorkersToHello(scheduler, "hello takes them at once");
    }

    @Test
    void cheapRequests_ofAFunctionAboveTheFairShare_stillGetTheKeptWorkers() {
        FairScheduler scheduler = scheduler(4, 100);
        for (int i = 0; i < 100; i++) {
            history(scheduler, "hello", MS);
        }
        history(scheduler, "loop", 150 * MS);
        history(scheduler, "quiet", 10 * MS);

        assertLoopLeavesTheKeptWorkersToHello(scheduler, "hello used more than the fair share in all (100 ms of 260), but 1 ms a request");
    }

    @Test
    void requestsOfATenthOfTheMeanCost_butNotOfTheMedian_areHeavy() {
        FairScheduler scheduler = scheduler(4, 100);
        history(scheduler, "hello", MS / 2);
        history(scheduler, "quiet", 10 * MS);
        history(scheduler, "kv-flood", 2_000 * MS);
        history(scheduler, "hog", 200, 20 * MS);

        for (int i = 0; i < 10; i++) {
            submit(scheduler, "hog", 1_000);
        }

        assertEquals(2, scheduler.running(), "20 ms a request: within a tenth of the mean (51 ms, raised by the flood's 2 s), not of the median (1 ms)");
    }

    @Test
    void penaltyBox_countsTheFunctionAsHeavyWhateverItUsed() {
        FairScheduler scheduler = onCores(4, 2);
        history(scheduler, "hello", MS / 2);
        history(scheduler, "kv-flood", 2_000 * MS);
        history(scheduler, "hog", MS);
        strike(scheduler, "hog", 3);
        submit(scheduler, "hello", 0);
        submit(scheduler, "kv-flood", 0);

        submit(scheduler, "hog", 0);

        assertEquals(List.of("hello", "kv-flood", "hog", "hello", "kv-flood"), started, "below the fair share, but boxed: not beside the heavy guest");
        assertEquals(1, scheduler.waiting());
        finishOldest(scheduler, MS / 2);
        assertEquals(1, scheduler.waiting(), "hello ended a moment ago: the one heavy guest the cores allow still runs");
        finishOldest(scheduler, 2_000 * MS);
        assertEquals(List.of("hello", "kv-flood", "hog", "hello", "kv-flood", "hog"), started, "the heavy guest's core is free");
    }

    /** With the core rule (four workers on two cores) and without it: one function alone is placed the same. */
    @ParameterizedTest(name = "on {0} cores")
    @ValueSource(ints = {0, 2})
    void oneFunctionAlone_mayUseEveryWorker(int cores) {
        FairScheduler scheduler = cores == 0 ? scheduler(4, 100) : onCores(4, cores);
        history(scheduler, "loop", 300 * MS);

        submit(scheduler, "loop", 1_000, 10);

        assertEquals(4, scheduler.running(), "one function alone may use every worker");
    }

    @Test
    void heavyFunctions_whileALightOneHasRequestsRunning_runOnOneWorkerFewerThanTheCores() {
        FairScheduler scheduler = onCores(4, 2);
        history(scheduler, "hello", MS / 2);
        history(scheduler, "loop", 300 * MS);
        history(scheduler, "hog", 200 * MS);
        now += FairScheduler.LIGHT_GRACE_NANOS;
        submit(scheduler, "hello", 0);

        for (int i = 0; i < 5; i++) {
            submit(scheduler, "loop", 1_000);
            submit(scheduler, "hog", 1_000);
        }

        assertEquals(List.of("hello", "loop", "hog", "hello", "loop"), started, "hello and one heavy guest on the two cores");
        assertEquals(2, scheduler.running());
        submit(scheduler, "hello", 0);
        assertEquals(3, scheduler.running(), "a light request still starts at once");
    }

    @Test
    void heavyFunctions_afterTheLightOnesWentQuiet_takeTheWorkersTheReserveLeaves() {
        FairScheduler scheduler = onCores(4, 2);
        history(scheduler, "hello", MS / 2);
        history(scheduler, "loop", 300 * MS);
        submit(scheduler, "hello", 0);
        submit(scheduler, "loop", 1_000, 5);
        assertEquals(2, scheduler.running(), "hello and one loop");

        finishOldest(scheduler, MS / 2);
        assertEquals(1, scheduler.running(), "hello ended a moment ago: its client's next request is on its way");
        now += FairScheduler.LIGHT_GRACE_NANOS;
        finishOldest(scheduler, 300 * MS);

        assertEquals(2, scheduler.running(), "no light function active: the loop takes the two workers the reserve leaves");
    }

    @Test
    void strikes_threeWithinTenSeconds_throttleTheFunctionToOneRequestForTenSeconds() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "loop", 0, 3);
        strike(scheduler, "loop", 2);
        assertEquals(List.of(), scheduler.throttled());
        scheduler.strike("loop");
        assertEquals(List.of("loop"), scheduler.throttled());
        for (int i = 0; i < 3; i++) {
            finishOldest(scheduler, MS);
        }
        now += 100 * MS;

        submit(scheduler, "loop", 0, 2);
        assertEquals(1, scheduler.running(), "one at a time");
        assertThrows(FunctionOverloadedException.class, () -> submit(scheduler, "loop", 0), "and one waiting");

        now += FairScheduler.PENALTY_NANOS + MS;
        assertEquals(List.of(), scheduler.throttled());
        submit(scheduler, "loop", 0);
        assertEquals(3, scheduler.running(), "out of the box: its cap again, the waiting request and the new one start");
    }

    @Test
    void penaltyBox_pastATwentiethOfAWorkerSinceItBegan_holdsTheNextRequestUntilTheShareAllowsIt() {
        FairScheduler scheduler = scheduler(2, 100);
        boxedLoop(scheduler, 300 * MS);
        submit(scheduler, "hello", 0);

        submit(scheduler, "loop", 0);
        assertEquals(List.of("loop", "hello"), started, "300 ms used at once: held while hello runs");
        assertEquals(1, scheduler.waiting());
        FunctionOverloadedException refused = assertThrows(FunctionOverloadedException.class, () -> submit(scheduler, "loop", 0));
        assertEquals(6, refused.retryAfterSeconds(), "300 ms at a twentieth of a worker: 6 s");
        assertTrue(refused.getMessage().contains("used its share of worker time"), refused.getMessage());

        now += 5_900 * MS;
        submit(scheduler, "other", 0);
        FunctionOverloadedException later = assertThrows(FunctionOverloadedException.class, () -> submit(scheduler, "loop", 0));
        assertEquals(1, later.retryAfterSeconds());
        assertEquals(List.of("loop", "hello", "other"), started, "still held after 5.9 s");

        now += 200 * MS;
        finishOldest(scheduler, MS);
        assertEquals(List.of("loop", "hello", "other", "loop"), started, "6 s after it went in, its share allows it");
    }

    @Test
    void penaltyBox_heldRequest_startsWhenNoOtherRequestRuns() {
        FairScheduler scheduler = scheduler(4, 100);
        boxedLoop(scheduler, 300 * MS);
        submit(scheduler, "hello", 0);
        submit(scheduler, "loop", 0);

        finishOldest(scheduler, MS);

        assertEquals(List.of("loop", "hello", "loop"), started, "an idle host has no one to keep the cores for");
        assertEquals(0, scheduler.waiting());
    }

    @Test
    void penaltyBox_countsOnlyWorkerTimeUsedWhileInIt() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "loop", 0);
        finishOldest(scheduler, 300 * MS);
        strike(scheduler, "loop", 3);

        submit(scheduler, "loop", 0);

        assertEquals(List.of("loop", "loop"), started, "the 300 ms before the box do not count against its share");
    }

    @Test
    void strike_inThePenaltyBox_keepsTheFunctionThereTenSecondsMore() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "loop", 0);
        strike(scheduler, "loop", 3);
        now += 9_000 * MS;
        scheduler.strike("loop");

        now += 9_000 * MS;
        assertEquals(List.of("loop"), scheduler.throttled(), "18 s after it went in, 9 s after its last strike");
        now += FairScheduler.PENALTY_NANOS - 9_000 * MS + MS;
        assertEquals(List.of(), scheduler.throttled());
    }

    @Test
    void penaltyBox_leftAndEnteredAgain_startsAFreshShare() {
        FairScheduler scheduler = scheduler(4, 100);
        boxedLoop(scheduler, 2_000 * MS);
        now += FairScheduler.PENALTY_NANOS + MS;

        submit(scheduler, "loop", 0);
        strike(scheduler, "loop", 3);
        submit(scheduler, "loop", 0);

        assertEquals(List.of("loop"), scheduler.throttled());
        FunctionOverloadedException refused = assertThrows(FunctionOverloadedException.class, () -> submit(scheduler, "loop", 0));
        assertEquals(1, refused.retryAfterSeconds(), "the 2 s of the first box are not held against the second: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("its limit"), refused.getMessage());
    }

    @Test
    void strikes_spreadOverMoreThanTenSeconds_doNotThrottle() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "loop", 0);
        strike(scheduler, "loop", 2);
        now += FairScheduler.PENALTY_NANOS + MS;
        scheduler.strike("loop");

        assertEquals(List.of(), scheduler.throttled());
    }

    @Test
    void drain_handsEveryWaitingRequestToTheWorkers() {
        FairScheduler scheduler = scheduler(1, 100);
        submit(scheduler, "a", 1);
        submit(scheduler, "a", 1);
        submit(scheduler, "b", 1);

        scheduler.drain();

        assertEquals(3, running.size());
        assertEquals(0, scheduler.waiting());
    }
}

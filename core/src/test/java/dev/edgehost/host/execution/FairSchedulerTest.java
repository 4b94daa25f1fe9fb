package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionOverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
        return new FairScheduler(workers, queueSize, task -> {
            Request request = (Request) task;
            started.add(request.function());
            running.add(request);
        }, () -> now);
    }

    private void submit(FairScheduler scheduler, String function, long maxConcurrency) {
        scheduler.submit(function, maxConcurrency, new Request(function));
    }

    /** The oldest task handed to a worker ends, having taken so much worker time. */
    private void finishOldest(FairScheduler scheduler, long workerNanos) {
        scheduler.finished(running.remove(0).function(), workerNanos);
    }

    @Test
    void freeWorker_runsTheFunctionWithTheLeastRecentWorkerTimeFirst() {
        FairScheduler scheduler = scheduler(1, 100);
        submit(scheduler, "loop", 0);
        submit(scheduler, "loop", 0);
        submit(scheduler, "loop", 0);
        submit(scheduler, "hello", 0);
        submit(scheduler, "hello", 0);

        finishOldest(scheduler, 300 * MS);
        finishOldest(scheduler, MS / 2);
        finishOldest(scheduler, MS / 2);
        finishOldest(scheduler, 300 * MS);

        assertEquals(List.of("loop", "hello", "hello", "loop", "loop"), started, "hello goes before the loop's waiting requests");
    }

    @Test
    void recentWorkerTime_decaysWithAOneSecondHalfLife() {
        FairScheduler scheduler = scheduler(1, 100);
        submit(scheduler, "a", 0);
        finishOldest(scheduler, 400 * MS);
        submit(scheduler, "b", 0);
        finishOldest(scheduler, 300 * MS);

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
        submit(scheduler, "slow", 1);
        for (int i = 0; i < 3; i++) {
            submit(scheduler, "slow", 1);
        }

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
        for (int i = 0; i < 8; i++) {
            submit(scheduler, "busy", 0);
        }

        assertEquals(6, scheduler.defaultConcurrency());
        assertEquals(6, scheduler.running());
        assertEquals(2, scheduler.waiting());
    }

    @Test
    void halfTheWorkers_areKeptForFunctionsAtOrBelowTheFairShare() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "hello", 0);
        finishOldest(scheduler, MS / 2);
        submit(scheduler, "loop", 0);
        finishOldest(scheduler, 300 * MS);

        for (int i = 0; i < 10; i++) {
            submit(scheduler, "loop", 1_000);
        }

        assertEquals(2, scheduler.running(), "the loop, above the fair share, leaves half the workers free");
        submit(scheduler, "hello", 0);
        submit(scheduler, "hello", 0);
        assertEquals(4, scheduler.running(), "hello takes them at once");
    }

    @Test
    void oneFunctionAlone_mayUseEveryWorker() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "loop", 0);
        finishOldest(scheduler, 300 * MS);

        for (int i = 0; i < 10; i++) {
            submit(scheduler, "loop", 1_000);
        }

        assertEquals(4, scheduler.running());
    }

    @Test
    void strikes_threeWithinTenSeconds_throttleTheFunctionToOneRequestForTenSeconds() {
        FairScheduler scheduler = scheduler(4, 100);
        for (int i = 0; i < 3; i++) {
            submit(scheduler, "loop", 0);
        }
        scheduler.strike("loop");
        scheduler.strike("loop");
        assertEquals(List.of(), scheduler.throttled());
        scheduler.strike("loop");
        assertEquals(List.of("loop"), scheduler.throttled());
        for (int i = 0; i < 3; i++) {
            finishOldest(scheduler, 300 * MS);
        }

        submit(scheduler, "loop", 0);
        submit(scheduler, "loop", 0);
        assertEquals(1, scheduler.running(), "one at a time");
        assertThrows(FunctionOverloadedException.class, () -> submit(scheduler, "loop", 0), "and one waiting");

        now += FairScheduler.PENALTY_NANOS + MS;
        assertEquals(List.of(), scheduler.throttled());
        submit(scheduler, "loop", 0);
        assertEquals(3, scheduler.running(), "out of the box: its cap again, the waiting request and the new one start");
    }

    @Test
    void strikes_spreadOverMoreThanTenSeconds_doNotThrottle() {
        FairScheduler scheduler = scheduler(4, 100);
        submit(scheduler, "loop", 0);
        scheduler.strike("loop");
        scheduler.strike("loop");
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

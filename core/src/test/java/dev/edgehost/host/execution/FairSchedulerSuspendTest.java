package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Guests that wait in host calls give their worker back and take one again before new requests. */
class FairSchedulerSuspendTest {
    /** Tasks handed to a carrier, as the function names they run for, in order. */
    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    private record Request(String function) implements Runnable {
        @Override
        public void run() {}
    }

    private FairScheduler scheduler(int workers, int carriers) {
        return new FairScheduler(workers, carriers, 100, task -> {
            Runnable request = task instanceof FairScheduler.Subrequest subrequest ? subrequest.task() : task;
            started.add(((Request) request).function());
        }, System::nanoTime);
    }

    @Test
    void suspend_freesTheWorkerForTheNextRequest() {
        FairScheduler scheduler = scheduler(1, 8);
        scheduler.submit("fetcher", 0, new Request("fetcher"));
        scheduler.submit("hello", 0, new Request("hello"));
        assertEquals(List.of("fetcher"), started);

        scheduler.suspend("fetcher");

        assertEquals(List.of("fetcher", "hello"), started, "hello runs while the fetcher waits");
        assertEquals(1, scheduler.running(), "a waiting guest does not count as running");
        assertEquals(1, scheduler.suspended());
    }

    @Test
    void waitingGuest_doesNotCountTowardItsFunctionsMaxConcurrency() {
        FairScheduler scheduler = scheduler(4, 8);
        scheduler.submit("fetcher", 1, new Request("fetcher"));
        scheduler.submit("fetcher", 1, new Request("fetcher"));
        assertEquals(1, started.size());

        scheduler.suspend("fetcher");

        assertEquals(2, started.size(), "the second starts while the first waits");
    }

    @Test
    void resume_goesBeforeNewRequests() throws Exception {
        FairScheduler scheduler = scheduler(1, 8);
        scheduler.submit("fetcher", 0, new Request("fetcher"));
        scheduler.suspend("fetcher");
        scheduler.submit("hello", 0, new Request("hello"));
        scheduler.submit("other", 0, new Request("other"));
        assertEquals(List.of("fetcher", "hello"), started);

        CountDownLatch resumed = new CountDownLatch(1);
        Thread guest = new Thread(() -> {
            scheduler.resume("fetcher");
            resumed.countDown();
        });
        guest.start();
        assertFalse(resumed.await(100, TimeUnit.MILLISECONDS), "no worker is free while hello runs");

        scheduler.finished("hello", 0);

        assertTrue(resumed.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("fetcher", "hello"), started, "the resumed guest took the worker, not the new request");
        assertEquals(1, scheduler.running());
        assertEquals(0, scheduler.suspended());
        scheduler.finished("fetcher", 0);
        assertEquals(List.of("fetcher", "hello", "other"), started);
    }

    @Test
    void resume_interrupted_keepsWaitingForAWorkerAndKeepsTheInterrupt() throws Exception {
        FairScheduler scheduler = scheduler(1, 8);
        scheduler.submit("fetcher", 0, new Request("fetcher"));
        scheduler.suspend("fetcher");
        scheduler.submit("hello", 0, new Request("hello"));
        boolean[] interruptedAfter = new boolean[1];
        Thread guest = new Thread(() -> {
            scheduler.resume("fetcher");
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        });
        guest.start();
        Thread.sleep(50);

        guest.interrupt();
        Thread.sleep(50);
        assertTrue(guest.isAlive(), "the deadline's interrupt does not make a guest run without a worker");
        scheduler.finished("hello", 0);
        guest.join(5_000);

        assertTrue(interruptedAfter[0], "the guest finds the interrupt once it runs");
        assertEquals(1, scheduler.running());
    }

    @Test
    void carriers_boundTheRequestsUnderWay_butNotSubrequests() {
        FairScheduler scheduler = scheduler(1, 2);
        scheduler.submit("a", 0, new Request("a"));
        scheduler.suspend("a");
        scheduler.submit("b", 0, new Request("b"));
        scheduler.suspend("b");

        scheduler.submit("c", 0, new Request("c"));
        assertEquals(List.of("a", "b"), started, "both carriers carry waiting guests");
        assertEquals(0, scheduler.running());

        scheduler.submitSubrequest("echo", 0, new Request("echo"));
        assertEquals(List.of("a", "b", "echo"), started, "a subrequest, which a waiting guest needs, still starts");
    }

    @Test
    void manyWaitingGuests_neverRunMoreWasmAtOnceThanTheWorkers() throws Exception {
        int workers = 2;
        ThreadPoolExecutor carriers = CarrierPool.create(workers, 32);
        FairScheduler scheduler = new FairScheduler(workers, 16, 1_000, carriers, System::nanoTime);
        AtomicInteger inWasm = new AtomicInteger();
        AtomicInteger mostInWasm = new AtomicInteger();
        AtomicInteger mostUnderWay = new AtomicInteger();
        AtomicInteger underWay = new AtomicInteger();
        int requests = 200;
        CountDownLatch done = new CountDownLatch(requests);
        for (int i = 0; i < requests; i++) {
            String function = "f" + (i % 3);
            scheduler.submit(function, 0, () -> {
                mostUnderWay.accumulateAndGet(underWay.incrementAndGet(), Math::max);
                try {
                    for (int step = 0; step < 3; step++) {
                        mostInWasm.accumulateAndGet(inWasm.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        inWasm.decrementAndGet();
                        scheduler.suspend(function);
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        scheduler.resume(function);
                    }
                } finally {
                    underWay.decrementAndGet();
                    scheduler.finished(function, 0);
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        carriers.shutdown();

        assertTrue(mostInWasm.get() <= workers, "at most the workers ran Wasm at once: " + mostInWasm.get());
        assertTrue(mostUnderWay.get() <= 16, "at most the carriers were under way: " + mostUnderWay.get());
        assertTrue(mostUnderWay.get() > workers, "waiting guests let more be under way than workers: " + mostUnderWay.get());
        assertEquals(0, scheduler.running());
        assertEquals(0, scheduler.suspended());
        assertEquals(0, scheduler.waiting());
    }
}

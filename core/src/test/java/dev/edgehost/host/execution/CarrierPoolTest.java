package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The carrier threads: started only when every thread has a task, never more than the maximum. */
class CarrierPoolTest {

    @Test
    void tasksOneAfterAnother_needNoMoreThreadsThanTheCore() throws Exception {
        CarrierPool pool = CarrierPool.create(1, 8);
        try {
            for (int i = 0; i < 20; i++) {
                pool.submit(() -> { }).get(5, TimeUnit.SECONDS);
                // The task's thread is idle once it has finished its bookkeeping too.
                while (pool.getActiveCount() > 0) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(1, pool.getPoolSize());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void everyThreadBusy_startsAnotherAtOnce_upToTheMaximum() throws Exception {
        CarrierPool pool = CarrierPool.create(1, 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(4);
        try {
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    started.countDown();
                    await(release);
                });
            }
            assertTrue(started.await(5, TimeUnit.SECONDS), "four waiting tasks run at once on four threads");
            Future<?> fifth = pool.submit(() -> { });
            assertFalse(awaitDone(fifth, 100), "past the maximum, a task waits for a thread");
            assertEquals(4, pool.getPoolSize());
            release.countDown();
            fifth.get(5, TimeUnit.SECONDS);
            assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().startsWith("edge-carrier-")));
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }

    private static boolean awaitDone(Future<?> future, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!future.isDone() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        return future.isDone();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

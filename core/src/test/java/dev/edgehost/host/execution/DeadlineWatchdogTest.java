package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One watchdog thread interrupts each deadline's thread at its time, and never after it closed. */
class DeadlineWatchdogTest {
    private final DeadlineWatchdog watchdog = new DeadlineWatchdog("test-deadlines");

    @AfterEach
    void stop() {
        watchdog.close();
    }

    /** Sleeps up to 10 s in the deadline; returns how long it slept before the interrupt, in milliseconds. */
    private long sleepUntilInterrupted(Duration timeout) {
        long start = System.nanoTime();
        try (Deadline deadline = new Deadline(watchdog, timeout)) {
            assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
            assertTrue(deadline.expired());
        }
        assertFalse(Thread.currentThread().isInterrupted(), "no interrupt is left pending after close");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void deadline_passes_interruptsItsThreadAtTheTime() {
        long slept = sleepUntilInterrupted(Duration.ofMillis(100));

        assertTrue(slept >= 100 && slept < 5_000, slept + " ms");
    }

    @Test
    void deadline_closedBeforeItsTime_neverInterrupts() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            try (Deadline deadline = new Deadline(watchdog, Duration.ofMillis(20))) {
                assertFalse(deadline.expired());
            }
        }
        Thread.sleep(200);

        assertFalse(Thread.interrupted());
    }

    @Test
    void shorterDeadline_afterALongerOneOnAnotherThread_isStillOnTime() throws InterruptedException {
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            Deadline longer = new Deadline(watchdog, Duration.ofSeconds(30));
            try {
                opened.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                longer.close();
            }
        });
        holder.start();
        opened.await();
        try {
            long slept = sleepUntilInterrupted(Duration.ofMillis(100));

            assertTrue(slept < 5_000, "woken for the earlier deadline: " + slept + " ms");
        } finally {
            done.countDown();
            holder.join();
        }
    }

    @Test
    void deadlines_oneAfterAnother_eachInterruptsOnce() {
        for (int i = 0; i < 3; i++) {
            long slept = sleepUntilInterrupted(Duration.ofMillis(50));

            assertTrue(slept >= 50 && slept < 5_000, slept + " ms");
        }
    }

    @Test
    void watchdog_deadlinesOpeningAndClosingOnManyThreads_sleepsInsteadOfSpinning() throws InterruptedException {
        Thread[] threads = new Thread[4];
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                while (System.nanoTime() < until) {
                    new Deadline(watchdog, Duration.ofSeconds(10)).close();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Thread watcher = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("test-deadlines"))
                .findFirst()
                .orElseThrow();
        long cpuMillis = TimeUnit.NANOSECONDS.toMillis(ManagementFactory.getThreadMXBean().getThreadCpuTime(watcher.getId()));

        assertTrue(cpuMillis < 200, "the watchdog used " + cpuMillis + " ms of CPU in 2 s of deadlines");
    }
}

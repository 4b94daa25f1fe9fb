package dev.edgehost.host.execution;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that carry guests: as many as the workers always, more on demand while guests wait
 * in host calls, up to a maximum; a thread beyond the workers ends after a while idle. The fair
 * scheduler never hands over more tasks than the maximum, so a task waits in the queue only for
 * the moment a finishing thread takes to come back. Thread-safe.
 */
final class CarrierPool {
    private static final long IDLE_SECONDS = 30;
    /** Carriers per worker by default: guests waiting on fetches and remote stores outnumber running ones. */
    static final int CARRIERS_PER_WORKER = 8;

    private CarrierPool() {}

    /** How many requests may be under way at once by default: {@value #CARRIERS_PER_WORKER} per worker. */
    static int defaultCarriers(int workers) {
        return (int) Math.min((long) workers * CARRIERS_PER_WORKER, 100_000);
    }

    /**
     * @param core threads kept however idle: the workers
     * @param max the most threads at once
     */
    static ThreadPoolExecutor create(int core, int max) {
        AtomicInteger ids = new AtomicInteger();
        GrowFirstQueue queue = new GrowFirstQueue();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        core,
                        Math.max(core, max),
                        IDLE_SECONDS,
                        TimeUnit.SECONDS,
                        queue,
                        runnable -> {
                            Thread thread = new Thread(runnable, "edge-worker-" + ids.incrementAndGet());
                            thread.setDaemon(true);
                            // Started on demand, a worker would otherwise keep the class loader of the first
                            // caller's thread, such as a servlet container's web application, for its life.
                            thread.setContextClassLoader(RequestExecutor.class.getClassLoader());
                            return thread;
                        },
                        (task, executor) -> {
                            // At the maximum: queued for the next thread that frees, unless the pool is closing.
                            if (executor.isShutdown()) {
                                throw new RejectedExecutionException("the host is shutting down");
                            }
                            queue.force(task);
                        });
        queue.pool = pool;
        return pool;
    }

    /**
     * A queue that declines a task while every thread is busy and the pool may still grow, so that
     * the pool starts a thread for it rather than queueing it (a plain queue would keep the pool at
     * its core size for ever).
     */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        private transient volatile ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            ThreadPoolExecutor executor = pool;
            if (executor != null
                    && executor.getPoolSize() < executor.getMaximumPoolSize()
                    && executor.getActiveCount() + size() >= executor.getPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }
}

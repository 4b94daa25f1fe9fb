package dev.edgehost.host.execution;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that carry guests: as many as the workers from the start, more on demand while
 * guests wait in host calls, up to a maximum. A thread is started only when every thread has a
 * task, counted exactly (tasks handed over and not finished), so that a task never waits in the
 * queue behind a thread that is busy after all; threads started are kept, which keeps that count
 * exact too. The fair scheduler never hands over more tasks than the maximum. Thread-safe.
 */
final class CarrierPool extends ThreadPoolExecutor {
    /** Carriers per worker by default: guests waiting on fetches and remote stores outnumber running ones. */
    static final int CARRIERS_PER_WORKER = 8;

    private final AtomicInteger unfinished;

    private CarrierPool(int core, int max, GrowFirstQueue queue, AtomicInteger unfinished) {
        super(core, Math.max(core, max), Long.MAX_VALUE, TimeUnit.NANOSECONDS, queue, threads(core), (task, executor) -> {
            // At the maximum: queued for the next thread that frees, unless the pool is closing.
            if (executor.isShutdown()) {
                throw new RejectedExecutionException("the host is shutting down");
            }
            queue.force(task);
        });
        this.unfinished = unfinished;
    }

    /** How many requests may be under way at once by default: {@value #CARRIERS_PER_WORKER} per worker. */
    static int defaultCarriers(int workers) {
        return (int) Math.min((long) workers * CARRIERS_PER_WORKER, 100_000);
    }

    /**
     * @param core threads started at once and kept: the workers
     * @param max the most threads at once
     */
    static CarrierPool create(int core, int max) {
        AtomicInteger unfinished = new AtomicInteger();
        GrowFirstQueue queue = new GrowFirstQueue(unfinished);
        CarrierPool pool = new CarrierPool(core, max, queue, unfinished);
        queue.pool = pool;
        return pool;
    }

    private static ThreadFactory threads(int core) {
        AtomicInteger ids = new AtomicInteger();
        return runnable -> {
            // The first threads are the workers; those beyond, started as guests wait, are named apart.
            int id = ids.incrementAndGet();
            Thread thread = new Thread(runnable, id <= core ? "edge-worker-" + id : "edge-carrier-" + (id - core));
            thread.setDaemon(true);
            // Started on demand, a worker would otherwise keep the class loader of the first
            // caller's thread, such as a servlet container's web application, for its life.
            thread.setContextClassLoader(RequestExecutor.class.getClassLoader());
            return thread;
        };
    }

    @Override
    public void execute(Runnable task) {
        unfinished.incrementAndGet();
        try {
            super.execute(task);
        } catch (RejectedExecutionException e) {
            unfinished.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        unfinished.decrementAndGet();
    }

    /**
     * A queue that declines a task while every thread has one and the pool may still grow, so that
     * the pool starts a thread for it rather than queueing it (a plain queue would keep the pool at
     * its core size for ever).
     */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        private final transient AtomicInteger unfinished;
        private transient volatile ThreadPoolExecutor pool;

        GrowFirstQueue(AtomicInteger unfinished) {
            this.unfinished = unfinished;
        }

        @Override
        public boolean offer(Runnable task) {
            ThreadPoolExecutor executor = pool;
            if (executor != null && unfinished.get() > executor.getPoolSize() && executor.getPoolSize() < executor.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }
}

package dev.edgehost.host.execution;

import dev.edgehost.host.FunctionOverloadedException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which admitted request a free worker runs next. Requests wait in a lane per function; when a
 * worker frees, the lane whose function used the least worker time recently (decayed with a
 * one-second half-life) goes first, so cheap requests do not queue behind a function of 300 ms
 * loops. Three rules keep one function from taking the host:
 *
 * <ul>
 *   <li>a function runs at most its {@code max-concurrency} requests at once (0: three quarters
 *       of the workers), and more than that many plus its share of the queue do not wait: they
 *       are refused with {@link FunctionOverloadedException};
 *   <li>half the workers (none below four) are kept for light functions: those out of the
 *       penalty box and at or below the fair share of recent worker time, or whose requests cost on
 *       average (worker time and allocated bytes, {@link HostCost}) at most a tenth of the median
 *       function's, so heavy functions never take the last free workers, light requests
 *       are not left to share the cores with as many heavy ones as there are workers, and a
 *       function of many cheap requests is not held back for having used more in all;
 *   <li>while a light function has requests waiting or running (or ended one within the last
 *       {@value #LIGHT_GRACE_NANOS} ns), heavy functions together run on at most one worker fewer
 *       than there are cores, at least one: a light request shares its core with at most one
 *       heavy guest. With no light function active, heavy ones may use every worker;
 *   <li>a function whose requests keep reaching a hard limit (three in ten seconds) goes in
 *       the penalty box for ten seconds, renewed by each request that runs out while it is there:
 *       it runs one request at a time, with one more waiting, and within a twentieth of one
 *       worker's time since it went in (any hard limit counts: fuel, the deadline, a trap at the
 *       memory cap or the call stack's limit): past that share, its waiting request is held until the
 *       share allows it (or no other request runs: then there is no one to keep the cores for),
 *       and one more is refused with {@link FunctionOverloadedException} and a retry-after of when
 *       the share allows the next one. Held, not refused: a client retrying at once would cost
 *       the cores a round trip each time.
 * </ul>
 *
 * <p>The workers bound the guests running Wasm, not the guests under way: a guest that waits in a
 * host call gives its worker back ({@link #suspend}) and takes one again before new requests
 * ({@link #resume}); what waits holds only a carrier thread, of which there are more.
 *
 * <p>Thread-safe: one lock guards the lanes; tasks run on the executor outside it.
 */
final class FairScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(FairScheduler.class);
    private static final double HALF_LIFE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long PENALTY_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int STRIKES = 3;
    /**
     * A function in the penalty box may use one part in this many of one worker's time. One
     * request at a time was not enough: a 300 ms loop kept one of two cores busy beside
     * well-behaved functions.
     */
    static final long PENALTY_SHARE_OF = 20;
    /**
     * How long after its last request ended a light function still counts as active, so that heavy
     * functions stay off the core it needs: its clients' next requests come within a round trip.
     */
    static final long LIGHT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final int workers;
    private final int carriers;
    private final int reserved;
    private final int heavyCap;
    private final int defaultConcurrency;
    private final int queueShare;
    private final Executor executor;
    private final LongSupplier clock;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Resumption> resumptions = new ArrayDeque<>();
    /** The active lanes' request costs, for their median: reused by every decision, under the lock. */
    private double[] costs = new double[16];
    private int running;
    private int waiting;
    private int suspended;
    /** The task {@link #submitHere} offers to its calling thread while it submits, and whether it started. */
    private Runnable here;
    private boolean startedHere;

    /** One function's waiting requests, running count, recent worker time and strikes. */
    private static final class Lane {
        final String function;
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        int running;
        int cap;
        double usage;
        long usageAt;
        /** Worker time per request, a moving average over the last few; 0 before the first ends. */
        double requestCost;
        int strikes;
        long strikesSince;
        long penaltyUntil;
        /** When its last request ended. */
        long finishedAt = Long.MIN_VALUE;
        /** When the function went in the penalty box, and the worker time it used since. */
        long boxedAt;
        long boxedUsage;

        Lane(String function, long now) {
            this.function = function;
            this.usageAt = now;
            this.strikesSince = now;
        }

        double usage(long now) {
            usage *= Math.pow(0.5, (now - usageAt) / HALF_LIFE_NANOS);
            usageAt = now;
            return usage;
        }

        boolean penalized(long now) {
            return now < penaltyUntil;
        }

        int effectiveCap(long now) {
            return penalized(now) ? 1 : cap;
        }

        /** Nanoseconds until a function in the penalty box is within its share again; 0 when it is. */
        long overBudgetNanos(long now) {
            long over = boxedUsage - (now - boxedAt) / PENALTY_SHARE_OF;
            return over <= 0 ? 0 : over * PENALTY_SHARE_OF;
        }
    }

    /**
     * @param workers the executor's threads
     * @param queueSize requests that may wait in all, of which one function may hold three quarters
     * @param executor runs the tasks; it must not refuse one while the scheduler is open
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    FairScheduler(int workers, int queueSize, Executor executor, LongSupplier clock) {
        this(workers, Integer.MAX_VALUE / 2, queueSize, executor, clock);
    }

    /**
     * A scheduler that lets heavy functions take every worker the other rules leave them, as if
     * there were more cores than workers.
     */
    FairScheduler(int workers, int carriers, int queueSize, Executor executor, LongSupplier clock) {
        this(workers, carriers, queueSize, workers + 1, executor, clock);
    }

    /**
     * @param workers how many guests run Wasm at once
     * @param carriers how many requests may be under way at once, waiting guests included: the
     *     threads that carry them; subrequests, whose callers wait for them, may use twice as many
     * @param queueSize requests that may wait in all, of which one function may hold three quarters
     * @param cores the processors the guests run on: while a light function is active, heavy
     *     ones run on at most one fewer than that many workers together, at least one
     * @param executor runs the tasks; it must not refuse one while the scheduler is open
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    FairScheduler(int workers, int carriers, int queueSize, int cores, Executor executor, LongSupplier clock) {
        this.workers = workers;
        // On two cores, one: a light request then shares its core with at most one heavy guest,
        // not with as many as the operating system spreads over both.
        this.heavyCap = Math.max(1, cores - 1);
        this.carriers = carriers;
        // None below four workers: a pool that small has no worker to keep back. Half, not a
        // quarter: in the chaos report on two cores a quarter left well-behaved requests 7 % of
        // their throughput alone beside hostile guests, half 14 to 22 %. All but one measured no
        // better (5 to 16 % on a loaded machine) and left a core idle while heavy requests waited.
        this.reserved = workers < 4 ? 0 : workers / 2;
        this.defaultConcurrency = Math.max(1, workers * 3 / 4);
        this.queueShare = Math.max(1, queueSize * 3 / 4);
        this.executor = executor;
        this.clock = clock;
    }

    /** What {@code max-concurrency} 0 stands for here: three quarters of the workers, at least one. */
    int defaultConcurrency() {
        return defaultConcurrency;
    }

    /**
     * Queues a task of a function; it runs once a worker is free and the rules let it.
     *
     * @param maxConcurrency the function's {@code max-concurrency} limit, 0 for the host's default
     * @param task runs the request; it calls {@link #finished} when done, with the worker time it took
     * @throws FunctionOverloadedException when the function has as many requests running and
     *     waiting as it may
     */
    synchronized void submit(String function, long maxConcurrency, Runnable task) {
        long now = clock.getAsLong();
        Lane lane = lanes.computeIfAbsent(function, name -> new Lane(name, now));
        lane.cap = maxConcurrency == 0 ? defaultConcurrency : (int) Math.min(maxConcurrency, Integer.MAX_VALUE);
        int cap = lane.effectiveCap(now);
        long overBudget = lane.penalized(now) ? lane.overBudgetNanos(now) : 0;
        // A function in the penalty box may have one request waiting; any other its share of the queue.
        int mayWait = lane.penalized(now) ? 1 : queueShare;
        if (overBudget > 0 && lane.queue.size() >= mayWait) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(overBudget + TimeUnit.SECONDS.toNanos(1) - 1));
            throw new FunctionOverloadedException("function " + function + " is throttled for reaching its limits again and again, has used "
                    + "its share of worker time and has a request waiting; try again in " + seconds + " s",
                    (int) Math.min(seconds, Integer.MAX_VALUE));
        }
        if (lane.running >= cap && lane.queue.size() >= mayWait) {
            throw new FunctionOverloadedException("function " + function + " has " + lane.running + " requests running, its limit"
                    + (lane.penalized(now) ? " while throttled for reaching its limits again and again" : "")
                    + ", and " + lane.queue.size() + " waiting; try again later");
        }
        lane.queue.add(task);
        waiting++;
        dispatch(now);
    }

    /**
     * Queues a task as {@link #submit} does, but when the rules let it start at once it is not
     * handed to a thread: the caller, who would only wait for it, runs it itself, and saves the
     * two thread hand-offs.
     *
     * @return whether the task started and the caller is to run it now (it calls {@link #finished}
     *     when done); false when it waits in its lane for a worker, as a submitted one does
     * @throws FunctionOverloadedException as {@link #submit}
     */
    synchronized boolean submitHere(String function, long maxConcurrency, Runnable task) {
        here = task;
        startedHere = false;
        try {
            submit(function, maxConcurrency, task);
            return startedHere;
        } finally {
            here = null;
        }
    }

    /** A task of the function ended after using a worker for so many nanoseconds. */
    synchronized void finished(String function, long workerNanos) {
        long now = clock.getAsLong();
        Lane lane = lanes.get(function);
        running--;
        if (lane != null) {
            lane.running--;
            lane.usage(now);
            lane.usage += workerNanos;
            lane.finishedAt = now;
            lane.requestCost = lane.requestCost == 0 ? workerNanos : lane.requestCost * 0.8 + workerNanos * 0.2;
            if (lane.penalized(now)) {
                lane.boxedUsage += workerNanos;
            }
        }
        grantResumptions();
        dispatch(now);
        forgetIdle(now);
    }

    /**
     * A request of the function reached a hard limit (fuel, the deadline, the memory cap, the call
     * stack); the third in ten seconds puts the function in the penalty box, and one while it is
     * there keeps it there ten seconds more.
     */
    synchronized void strike(String function) {
        long now = clock.getAsLong();
        Lane lane = lanes.get(function);
        if (lane == null) {
            return;
        }
        if (now - lane.strikesSince > PENALTY_NANOS) {
            lane.strikes = 0;
            lane.strikesSince = now;
        }
        if (lane.penalized(now)) {
            // Still running out while throttled: it stays in the box, its share counted from when it went in.
            lane.penaltyUntil = now + PENALTY_NANOS;
            return;
        }
        if (++lane.strikes >= STRIKES) {
            lane.penaltyUntil = now + PENALTY_NANOS;
            lane.boxedAt = now;
            lane.boxedUsage = 0;
            lane.strikes = 0;
            lane.strikesSince = now;
            LOG.atWarn()
                    .addKeyValue("event", "throttled")
                    .addKeyValue("function", function)
                    .log("function {} runs one request at a time within {} % of a worker for {} s: {} of its requests reached "
                            + "a hard limit (fuel, deadline, memory, stack) within {} s", function, 100.0 / PENALTY_SHARE_OF,
                            TimeUnit.NANOSECONDS.toSeconds(PENALTY_NANOS), STRIKES, TimeUnit.NANOSECONDS.toSeconds(PENALTY_NANOS));
        }
    }

    /** The functions in the penalty box now. */
    synchronized List<String> throttled() {
        long now = clock.getAsLong();
        return lanes.values().stream().filter(lane -> lane.penalized(now)).map(lane -> lane.function).sorted().toList();
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting;
    }

    /** Hands every waiting task to the executor, whatever the rules say: the host is closing and lets them run. */
    synchronized void drain() {
        for (Lane lane : lanes.values()) {
            while (!lane.queue.isEmpty()) {
                start(lane);
            }
        }
    }

    /** A subrequest's task: its caller waits for it, so it may start beyond the carriers new requests are held to. */
    record Subrequest(Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    /** A waiting guest's claim to run again, granted in the order the guests asked. */
    private static final class Resumption {
        final String function;
        final Thread thread = Thread.currentThread();
        volatile boolean granted;

        Resumption(String function) {
            this.function = function;
        }
    }

    /**
     * Queues a subrequest of a guest that waits for it, as {@link #submit} queues a request, under
     * the same rules of its function's lane; it needs no carrier of the new requests' share.
     */
    synchronized void submitSubrequest(String function, long maxConcurrency, Runnable task) {
        submit(function, maxConcurrency, new Subrequest(task));
    }

    /**
     * A running guest of the function waits in a host call: its worker is free for the next
     * guest, resumed ones first, while its thread keeps waiting. It counts toward neither the
     * workers nor its function's {@code max-concurrency} until {@link #resume}.
     */
    synchronized void suspend(String function) {
        long now = clock.getAsLong();
        running--;
        suspended++;
        Lane lane = lanes.get(function);
        if (lane != null) {
            lane.running--;
        }
        grantResumptions();
        dispatch(now);
    }

    /**
     * A waiting guest of the function runs Wasm again: returns once it has a worker, before any
     * new request gets one. Not interruptible, so that the count stays exact: an interrupt (the
     * deadline's) that comes meanwhile is kept for the guest to find when it runs.
     */
    void resume(String function) {
        Resumption resumption;
        synchronized (this) {
            if (resumptions.isEmpty() && running < workers) {
                grant(function);
                return;
            }
            resumption = new Resumption(function);
            resumptions.add(resumption);
        }
        // Parked outside the lock, not in Object.wait: a virtual thread waiting on a monitor pins
        // the platform thread under it (until Java 24), and every guest that waits here would.
        boolean interrupted = false;
        while (!resumption.granted) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Guests waiting in host calls now. */
    synchronized int suspended() {
        return suspended;
    }

    private void grant(String function) {
        running++;
        suspended--;
        lanes.computeIfAbsent(function, name -> new Lane(name, clock.getAsLong())).running++;
    }

    private void grantResumptions() {
        while (running < workers && !resumptions.isEmpty()) {
            Resumption resumption = resumptions.poll();
            grant(resumption.function);
            resumption.granted = true;
            LockSupport.unpark(resumption.thread);
        }
    }

    /** Whether a thread is free to carry the lane's next task: every guest under way, waiting ones too, has one. */
    private boolean carrierFree(Lane lane) {
        int limit = lane.queue.peek() instanceof Subrequest ? 2 * carriers : carriers;
        return running + suspended < limit;
    }

    private void dispatch(long now) {
        while (running < workers && waiting > 0) {
            Lane next = next(now);
            if (next == null) {
                return;
            }
            start(next);
        }
    }

    private void start(Lane lane) {
        Runnable task = lane.queue.poll();
        waiting--;
        running++;
        lane.running++;
        if (task == here) {
            startedHere = true;
        } else {
            executor.execute(task);
        }
    }

    /** The lane to run next: the least recent worker time among those the rules let run, or none. */
    private Lane next(long now) {
        double total = 0;
        int active = 0;
        if (costs.length < lanes.size()) {
            costs = new double[Math.max(16, 2 * lanes.size())];
        }
        for (Lane lane : lanes.values()) {
            double usage = lane.usage(now);
            if (usage > 0 || lane.running > 0 || !lane.queue.isEmpty()) {
                total += usage;
                costs[active++] = lane.requestCost;
            }
        }
        double fairShare = active == 0 ? 0 : total / active;
        double cheap = active == 0 ? 0 : lowerMedian(costs, active) / 10;
        int heavyRunning = 0;
        boolean lightActive = false;
        if (active > 1) {
            for (Lane lane : lanes.values()) {
                if (heavy(lane, now, fairShare, cheap)) {
                    heavyRunning += lane.running;
                } else if (lane.running > 0 || !lane.queue.isEmpty() || now - lane.finishedAt < LIGHT_GRACE_NANOS) {
                    lightActive = true;
                }
            }
        }
        boolean reserve = reserved > 0 && workers - running <= reserved;
        Lane best = null;
        for (Lane lane : lanes.values()) {
            if (lane.queue.isEmpty() || lane.running >= lane.effectiveCap(now) || !carrierFree(lane)) {
                continue;
            }
            if (running > 0 && lane.penalized(now) && lane.overBudgetNanos(now) > 0) {
                continue;
            }
            if (active > 1 && heavy(lane, now, fairShare, cheap) && (reserve || lightActive && heavyRunning >= heavyCap)) {
                continue;
            }
            if (best == null || lane.usage < best.usage) {
                best = lane;
            }
        }
        return best;
    }

    /**
     * In the penalty box, or above the fair share of recent worker time with requests that cost on
     * average more than a tenth of the median function's: a function the kept workers and cores are
     * kept from. The median, not the mean: one function of requests of seconds (a key-value flood)
     * raised the mean so far that memory hogs, huge responses and header floods counted as cheap.
     * A function in the penalty box is heavy whatever it used: counted light for having been held
     * back, it took the kept workers and ran beside the one heavy guest the cores allow.
     */
    private static boolean heavy(Lane lane, long now, double fairShare, double cheap) {
        return lane.penalized(now) || lane.usage > fairShare && lane.requestCost > cheap;
    }

    /** The lower median of the first {@code count} values, which it sorts. */
    private static double lowerMedian(double[] values, int count) {
        Arrays.sort(values, 0, count);
        return values[(count - 1) / 2];
    }

    private void forgetIdle(long now) {
        for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
            Lane lane = it.next();
            if (lane.running == 0 && lane.queue.isEmpty() && !lane.penalized(now) && lane.strikes == 0 && lane.usage(now) < 1_000) {
                it.remove();
            }
        }
    }
}

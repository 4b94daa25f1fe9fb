package dev.edgehost.host.execution;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.schedule.CronExpression;
import dev.edgehost.host.spi.ScheduleLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs functions on their schedules ({@link FunctionSettings#schedules()}): once a second it looks
 * at the clock, and for every whole UTC minute begun since it last looked, each function with a
 * schedule matching that minute gets one run (the first matching schedule's, when several match).
 * The run is a request the host makes itself, method {@code SCHEDULED}, for
 * {@code http://localhost/NAME}, with {@code x-edge-schedule} (the cron expression) and
 * {@code x-edge-scheduled-time} (the minute, in epoch milliseconds), run through the
 * {@link RequestExecutor} like any request: the same admission, limits, access log and metrics.
 *
 * <p>With several hosts on one backend, the host that takes the (function, minute) lease runs
 * it ({@link ScheduleLeases}); when the lease cannot be taken because the store is unreachable,
 * or the host is overloaded, the run is skipped and logged. Minutes that passed while the host
 * was down are not replayed; a clock that looked late (a pause of the JVM) catches up at most
 * {@link #MAX_CATCH_UP_MINUTES} minutes. Thread-safe.
 */
public final class ScheduledRuns implements AutoCloseable {
    /** The request method of a scheduled run. */
    public static final String METHOD = "SCHEDULED";
    /** The request header naming the cron expression a scheduled run is for. */
    public static final String SCHEDULE_HEADER = "x-edge-schedule";
    /** The request header with the scheduled minute, in milliseconds since the epoch. */
    public static final String TIME_HEADER = "x-edge-scheduled-time";
    /** How long a lease is kept: longer than hosts' clocks plausibly differ. */
    static final Duration LEASE_HOLD = Duration.ofHours(1);
    /** The most minutes one look at the clock runs, when the last look was longer ago. */
    static final int MAX_CATCH_UP_MINUTES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final EdgeRuntime runtime;
    private final RequestExecutor executor;
    private final ScheduleLeases leases;
    private final AtomicLong skipped = new AtomicLong();
    private ScheduledExecutorService ticker;
    private volatile Clock clock;
    /** The last minute looked at; guarded by this. */
    private Instant lastMinute;

    ScheduledRuns(EdgeRuntime runtime, RequestExecutor executor, ScheduleLeases leases, Clock clock) {
        this.runtime = runtime;
        this.executor = executor;
        this.leases = leases;
        this.clock = clock;
        this.lastMinute = minuteOf(clock.instant());
    }

    /** Starts looking at the clock once a second; the minute the host starts in is not run. */
    synchronized void start() {
        lastMinute = minuteOf(clock.instant());
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edge-scheduled-runs");
            thread.setDaemon(true);
            thread.setContextClassLoader(ScheduledRuns.class.getClassLoader());
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tickSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void tickSafely() {
        try {
            tick(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("scheduled runs failed to start", e);
        }
    }

    /**
     * Looks at the clock from now on instead, for tests that move time: the minute it shows now is
     * taken as looked at.
     */
    public synchronized void useClock(Clock newClock) {
        this.clock = newClock;
        this.lastMinute = minuteOf(newClock.instant());
    }

    /**
     * Starts the runs of every minute begun after the last one looked at, up to {@code now}'s.
     *
     * @return the runs started, each completing when it is recorded
     */
    public synchronized List<CompletableFuture<RequestExecutor.Outcome>> tick(Instant now) {
        Instant current = minuteOf(now);
        if (!current.isAfter(lastMinute)) {
            return List.of();
        }
        Instant first = lastMinute.plus(1, ChronoUnit.MINUTES);
        Instant earliest = current.minus(MAX_CATCH_UP_MINUTES - 1, ChronoUnit.MINUTES);
        if (first.isBefore(earliest)) {
            LOG.warn("scheduled runs from {} to {} are skipped: the clock was not looked at for {} minutes",
                    first, earliest.minus(1, ChronoUnit.MINUTES), Duration.between(lastMinute, current).toMinutes());
            first = earliest;
        }
        lastMinute = current;
        List<CompletableFuture<RequestExecutor.Outcome>> runs = new ArrayList<>();
        for (Instant minute = first; !minute.isAfter(current); minute = minute.plus(1, ChronoUnit.MINUTES)) {
            for (Deployment deployment : runtime.functions()) {
                String schedule = matching(deployment.settings(), minute);
                if (schedule != null) {
                    start(deployment, schedule, minute).ifPresent(runs::add);
                }
            }
        }
        return runs;
    }

    private static String matching(FunctionSettings settings, Instant minute) {
        for (String schedule : settings.schedules()) {
            if (CronExpression.parse(schedule).matches(minute)) {
                return schedule;
            }
        }
        return null;
    }

    private Optional<CompletableFuture<RequestExecutor.Outcome>> start(Deployment deployment, String schedule, Instant minute) {
        String name = deployment.name();
        try {
            if (!leases.acquire(name, minute, LEASE_HOLD)) {
                LOG.debug("the run of {} at {} is another host's", name, minute);
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            LOG.warn("the scheduled run of {} at {} is skipped: its lease cannot be taken: {}", name, minute, e.toString());
            return Optional.empty();
        }
        List<Map.Entry<String, String>> headers = List.of(
                new AbstractMap.SimpleImmutableEntry<>(SCHEDULE_HEADER, schedule),
                new AbstractMap.SimpleImmutableEntry<>(TIME_HEADER, Long.toString(minute.toEpochMilli())));
        GuestRequest request = new GuestRequest(METHOD, "http://localhost/" + name, headers, new byte[0]);
        try {
            return Optional.of(executor.submitScheduled(deployment, request, EdgeRequest.requestIdFor(null)));
        } catch (EdgeException e) {
            skipped.incrementAndGet();
            LOG.warn("the scheduled run of {} at {} is skipped: {}", name, minute, e.getMessage());
            return Optional.empty();
        }
    }

    /** The next minute a function runs on its schedules, after the clock's now; empty without schedules. */
    public Optional<Instant> nextRun(FunctionSettings settings) {
        Instant now = clock.instant();
        return settings.schedules().stream().map(schedule -> CronExpression.parse(schedule).next(now)).min(Instant::compareTo);
    }

    /** Scheduled runs skipped so far: the lease store could not be reached, or the host was overloaded. */
    public long skippedRuns() {
        return skipped.get();
    }

    private static Instant minuteOf(Instant time) {
        return time.truncatedTo(ChronoUnit.MINUTES);
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}

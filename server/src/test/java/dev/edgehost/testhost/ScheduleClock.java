package dev.edgehost.testhost;

import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.execution.RequestExecutor;
import dev.edgehost.host.execution.ScheduledRuns;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A test host's scheduler driven by the test: its clock is fixed, so that the host's own ticker
 * runs nothing, and the test says when minutes pass, for tests in modules that cannot see the
 * host's internals. Not thread-safe beyond what the scheduler is.
 */
public final class ScheduleClock {
    private final ScheduledRuns runs;

    private ScheduleClock(ScheduledRuns runs) {
        this.runs = runs;
    }

    /** Fixes the host's scheduler clock at {@code at}: its minute counts as looked at. */
    public static ScheduleClock fixedAt(TestHost host, Instant at) {
        ScheduledRuns runs = HostCore.of(host.server().host()).scheduledRuns();
        runs.useClock(Clock.fixed(at, ZoneOffset.UTC));
        return new ScheduleClock(runs);
    }

    /** Starts the runs of every minute up to {@code now}'s and waits for them; how many this host ran. */
    public int tick(Instant now) {
        List<CompletableFuture<RequestExecutor.Outcome>> started = runs.tick(now);
        started.forEach(CompletableFuture::join);
        return started.size();
    }
}

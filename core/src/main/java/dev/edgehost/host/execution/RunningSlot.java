package dev.edgehost.host.execution;

import dev.edgehost.host.capability.HostWait;

/**
 * A request's place among the guests running Wasm, bound to the thread that carries it: a wait in
 * a host call gives the place back to the {@link FairScheduler} and takes one again before the
 * guest goes on. The worker time spent waiting is kept apart, so that it does not count as the
 * function's use of the workers. Used by the request's thread only.
 */
final class RunningSlot implements HostWait.Slot {
    private final FairScheduler scheduler;
    private final String function;
    private final int subrequestDepth;
    private long suspendedAt;
    private long waited;

    RunningSlot(FairScheduler scheduler, String function, int subrequestDepth) {
        this.scheduler = scheduler;
        this.function = function;
        this.subrequestDepth = subrequestDepth;
    }

    @Override
    public void suspend() {
        suspendedAt = WorkerTime.now();
        scheduler.suspend(function);
    }

    @Override
    public void resume() {
        scheduler.resume(function);
        waited += WorkerTime.now() - suspendedAt;
    }

    @Override
    public int subrequestDepth() {
        return subrequestDepth;
    }

    /** The worker time that passed while the guest waited, to leave out of its function's use. */
    long waited() {
        return waited;
    }
}

package dev.edgehost.host.instances;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.GuestCapabilities;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.fuel.FuelGauge;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Instances of one function kept between requests. Each request takes an idle instance, or builds
 * one, and first puts it back to the function's {@link InstanceSnapshot}: only the pages, tables
 * and globals the previous request could have written are copied, so a request starts from
 * exactly the state a fresh instance would have, at the cost of restoring what was dirtied. An
 * instance goes back to the pool only after {@code handle} returned normally; after a trap, a
 * timeout or an exit it is dropped.
 */
final class InstancePool implements InstanceSource {
    private final CompiledModule compiled;
    private final FunctionLimits limits;
    private final InstanceSnapshot snapshot;
    private final PoolBudget budget;
    private final GuestStep afterHandle;
    private final ConcurrentLinkedDeque<PooledInstance> idle = new ConcurrentLinkedDeque<>();

    InstancePool(CompiledModule compiled, FunctionLimits limits, InstanceSnapshot snapshot, PoolBudget budget) {
        this(compiled, limits, snapshot, budget, null);
    }

    /** @param afterHandle what runs after every {@code handle}, such as a script's error check; or {@code null} */
    InstancePool(
            CompiledModule compiled,
            FunctionLimits limits,
            InstanceSnapshot snapshot,
            PoolBudget budget,
            GuestStep afterHandle) {
        this.compiled = compiled;
        this.limits = limits;
        this.snapshot = snapshot;
        this.budget = budget;
        this.afterHandle = afterHandle;
    }

    @Override
    public CompiledModule compiled() {
        return compiled;
    }

    /** Whether requests skip {@code _initialize} because the snapshot was taken after it. */
    boolean initialized() {
        return snapshot.initialized();
    }

    /** Adds an instance that is already in the snapshot's state, such as the one it was taken from. */
    void offer(PooledInstance instance) {
        if (budget.reserve(instance.retainedBytes())) {
            idle.offerFirst(instance);
        }
    }

    @Override
    public RequestInstance instantiate(GuestCapabilities capabilities, FuelGauge fuel) {
        PooledInstance instance = take();
        instance.bind(capabilities, fuel, snapshot.fuelUsed());
        return new RequestInstance() {
            @Override
            public void run(String entry) {
                instance.run(snapshot.initialized(), entry);
                if (afterHandle != null) {
                    afterHandle.run(instance.instance());
                }
            }

            @Override
            public void finish(boolean completed) {
                instance.unbind();
                if (completed) {
                    offer(instance);
                }
            }
        };
    }

    /** An idle instance restored to the snapshot, or a new one. */
    PooledInstance take() {
        for (PooledInstance instance = idle.pollFirst(); instance != null; instance = idle.pollFirst()) {
            budget.free(instance.retainedBytes());
            if (instance.restore(snapshot)) {
                return instance;
            }
        }
        PooledInstance instance =
                PooledInstance.build(compiled, limits.memoryPages(), new FuelGauge(compiled.instrumented(), limits.fuel()));
        if (!instance.load(snapshot)) {
            throw new IllegalStateException("a new instance does not match its snapshot");
        }
        return instance;
    }

    /** Drops every idle instance and gives its memory back to the budget. */
    void clear() {
        for (PooledInstance instance = idle.pollFirst(); instance != null; instance = idle.pollFirst()) {
            budget.free(instance.retainedBytes());
        }
    }
}

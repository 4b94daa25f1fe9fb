package dev.edgehost.host.instances;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.execution.DeadlineWatchdog;
import dev.edgehost.host.registry.Deployment;

/**
 * Which {@link InstanceSource} each deployment uses. A deployment's source is prepared when it is
 * deployed, and again when its compiled module was evicted and compiled anew. Sources are keyed by
 * the deployment object itself (weakly), so a redeploy, even of the same bytes with other limits,
 * gets its own pool, and a replaced deployment's pool goes once its last request ends.
 */
public final class InstancePools {
    private final DeadlineWatchdog deadlines;
    private final PoolBudget budget;
    private final boolean pooling;
    /** Keeps no instance: each request builds one and restores the snapshot into it. */
    private static final PoolBudget NO_POOL = new PoolBudget(0);

    private final Cache<Deployment, InstanceSource> sources = Caffeine.newBuilder().weakKeys().build();

    /**
     * @param budgetBytes how much memory idle instances of all functions may hold together
     * @param pooling false to build a fresh instance for every request
     */
    public InstancePools(DeadlineWatchdog deadlines, long budgetBytes, boolean pooling) {
        this.deadlines = deadlines;
        this.budget = new PoolBudget(budgetBytes);
        this.pooling = pooling;
    }

    /**
     * Makes the instances of a deployment whose snapshot was taken at deploy (a script's): every
     * request starts from that snapshot, in a pooled instance or, with pooling off, in a new one
     * restored from it; {@code afterHandle} runs after each {@code handle}.
     */
    public void prepareLoaded(Deployment deployment, LoadedSnapshot loaded, GuestStep afterHandle) {
        FunctionLimits limits = deployment.settings().limits();
        InstancePool pool =
                new InstancePool(
                        loaded.compiled(), limits, loaded.snapshot(), pooling ? budget : NO_POOL, afterHandle);
        if (pooling) {
            pool.offer(loaded.instance());
        }
        sources.put(deployment, pool);
    }

    /** Prepares the deployment's source now, so its first request finds it ready. */
    public void prepare(Deployment deployment, CompiledModule compiled) {
        sources.put(deployment, create(deployment, compiled));
    }

    public InstanceSource source(Deployment deployment, CompiledModule compiled) {
        InstanceSource source = sources.get(deployment, key -> create(key, compiled));
        if (source.compiled() != compiled) {
            source = create(deployment, compiled);
            sources.put(deployment, source);
        }
        return source;
    }

    /**
     * Builds the deployment's instances (pool and snapshot) for other code of the same module,
     * such as its compiled tier, without touching those serving now; {@link #swap} puts them in.
     */
    public InstanceSource build(Deployment deployment, CompiledModule compiled) {
        return create(deployment, compiled);
    }

    /** Serves the deployment's requests from {@code source} from now on, and frees the idle instances it had. */
    public void swap(Deployment deployment, InstanceSource source) {
        InstanceSource old = sources.asMap().put(deployment, source);
        if (old instanceof InstancePool && old != source) {
            ((InstancePool) old).clear();
        }
    }

    /** Forgets a deployment that was replaced or removed, and frees its idle instances. */
    public void remove(Deployment deployment) {
        InstanceSource removed = sources.asMap().remove(deployment);
        if (removed instanceof InstancePool) {
            ((InstancePool) removed).clear();
        }
    }

    private InstanceSource create(Deployment deployment, CompiledModule compiled) {
        if (deployment.kind() == FunctionKind.JAVASCRIPT) {
            // Its snapshot holds the script's load, which only the deploy runs.
            throw new IllegalStateException("the instances of script " + deployment.name() + " are made at its deploy");
        }
        if (!pooling) {
            return new FreshInstances(compiled, deployment.settings().limits().memoryPages());
        }
        return Snapshots.prepare(compiled, deployment.settings().limits(), deadlines, budget);
    }
}

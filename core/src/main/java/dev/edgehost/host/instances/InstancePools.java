package dev.edgehost.host.instances;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.registry.Deployment;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Which {@link InstanceSource} each deployment uses. A deployment's source is prepared when it is
 * deployed, and again when its compiled module was evicted and compiled anew. Sources are keyed by
 * the deployment object itself (weakly), so a redeploy, even of the same bytes with other limits,
 * gets its own pool, and a replaced deployment's pool goes once its last request ends.
 */
public final class InstancePools {
    private final ScheduledExecutorService deadlines;
    private final PoolBudget budget;
    private final boolean pooling;
    private final Cache<Deployment, InstanceSource> sources = Caffeine.newBuilder().weakKeys().build();

    /**
     * @param budgetBytes how much memory idle instances of all functions may hold together
     * @param pooling false to build a fresh instance for every request
     */
    public InstancePools(ScheduledExecutorService deadlines, long budgetBytes, boolean pooling) {
        this.deadlines = deadlines;
        this.budget = new PoolBudget(budgetBytes);
        this.pooling = pooling;
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

    /** Forgets a deployment that was replaced or removed, and frees its idle instances. */
    public void remove(Deployment deployment) {
        InstanceSource removed = sources.asMap().remove(deployment);
        if (removed instanceof InstancePool) {
            ((InstancePool) removed).clear();
        }
    }

    private InstanceSource create(Deployment deployment, CompiledModule compiled) {
        if (!pooling) {
            return new FreshInstances(compiled, deployment.settings().limits().memoryPages());
        }
        return Snapshots.prepare(compiled, deployment.settings().limits(), deadlines, budget);
    }
}

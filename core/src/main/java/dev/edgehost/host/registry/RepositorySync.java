package dev.edgehost.host.registry;

import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.StoredFunction;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a host's functions in step with a repository shared with other hosts, without ever taking
 * a function down because the repository is empty or unreachable.
 *
 * <p>A removal is applied only on positive evidence: the repository records it
 * ({@link FunctionRepository#removed}), which it does in the same step as the removal it
 * announces. A function the repository merely lacks (it lost its content, or one entry of it) is
 * published to it again from what this host serves. The repository's generation tells the two
 * apart from a fresh start: when it is missing or changed, the repository lost its content, which
 * is logged as an error, and every function is published again.
 *
 * <p>Everything runs on the runtime's sync thread with the runtime's lock held, so that it never
 * interleaves with a deploy or removal on this host.
 */
final class RepositorySync {
    private static final Logger LOG = LoggerFactory.getLogger(RepositorySync.class);

    private final EdgeRuntime runtime;
    private final FunctionRepository repository;
    private final String store;
    private final ScheduledExecutorService sync;
    private volatile boolean shared;
    /** Whether the repository has a generation: it can lose its content behind the hosts' backs. */
    private volatile boolean mayLoseContent;
    /** The generation last seen; guarded by the runtime's lock. */
    private String generation;
    /** Whether the last comparison failed, so that an outage is logged once; guarded by the runtime's lock. */
    private boolean failing;

    RepositorySync(EdgeRuntime runtime, FunctionRepository repository, String store, ScheduledExecutorService sync) {
        this.runtime = runtime;
        this.repository = repository;
        this.store = store;
        this.sync = sync;
    }

    /** Notes the generation of the repository the host starts from; with the runtime's lock held. */
    void begin() {
        FunctionRepository.Generation current = repository.generation();
        if (current == null) {
            return;
        }
        generation = current.id();
        mayLoseContent = true;
        if (current.created()) {
            LOG.atInfo()
                    .addKeyValue("event", "store_generation")
                    .addKeyValue("store", store)
                    .addKeyValue("generation", generation)
                    .log("{} had no generation yet (a new store); it is {} now", store, generation);
        }
    }

    /** Applies announced changes from now on and, for a shared repository, compares every interval. */
    void follow(Duration interval) {
        if (repository.watch(name -> sync.execute(() -> refresh(name)))) {
            shared = true;
            // Announcements can be missed (a dropped connection); comparing now and then catches up.
            sync.scheduleWithFixedDelay(this::reconcile, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Whether the repository can lose what it holds (it has a generation), so that the host keeps
     * the module of every kept version at hand to publish it again.
     */
    boolean mayLoseContent() {
        return mayLoseContent;
    }

    void reconcileSoon() {
        if (shared) {
            sync.execute(this::reconcile);
        }
    }

    /** Applies the repository's current version of one function, which another host changed. */
    private void refresh(String name) {
        synchronized (runtime) {
            try {
                StoredFunction stored = repository.load(name);
                if (stored != null) {
                    runtime.apply(stored, "deployed on another host");
                    return;
                }
                Deployment current = runtime.find(name).orElse(null);
                if (current == null || !current.persistent()) {
                    return;
                }
                if (repository.removed(name)) {
                    runtime.forget(current, "undeployed on another host (announced)");
                } else {
                    LOG.warn("{} was announced as changed, but {} holds neither it nor its removal; still serving it",
                            name, store);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not apply the announced change of {} from {}: {}; still serving this host's version",
                        name, store, e.toString());
            }
        }
    }

    private void reconcile() {
        synchronized (runtime) {
            try {
                boolean lost = checkGeneration();
                compare(lost);
                if (failing) {
                    failing = false;
                    LOG.info("compared the deployed functions with {} again", store);
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("could not compare the deployed functions with {}: {}; serving what this host has",
                            store, e.toString());
                }
            }
        }
    }

    /** Whether the repository lost its content since the last look: its generation is missing or changed. */
    private boolean checkGeneration() {
        FunctionRepository.Generation current = repository.generation();
        if (current == null) {
            return false;
        }
        String before = generation;
        generation = current.id();
        if (before == null || (before.equals(current.id()) && !current.created())) {
            return false;
        }
        int serving = persistentDeployments().size();
        String why = current.created()
                ? "it had no generation key: restarted without persistence, or flushed"
                : "its generation changed from " + before + " to " + current.id()
                        + ": it lost its content and another host noticed first, or it is another server";
        LOG.atError()
                .addKeyValue("event", "store_lost")
                .addKeyValue("store", store)
                .addKeyValue("generation", current.id())
                .addKeyValue("functions", serving)
                .log("{} lost what it held ({}); the key-value data written to it before is gone; serving the {} "
                        + "functions this host has and publishing them to it again", store, why, serving);
        return true;
    }

    /** Applies what the repository holds, removes what it records as removed, and publishes what it lost. */
    private void compare(boolean lost) {
        Set<String> stored = new HashSet<>();
        for (StoredFunction function : repository.loadAll()) {
            stored.add(function.name());
            runtime.apply(function, "changed in " + store);
        }
        int published = 0;
        for (Deployment deployment : persistentDeployments()) {
            if (stored.contains(deployment.name())) {
                continue;
            }
            if (repository.removed(deployment.name())) {
                runtime.forget(deployment, "removal recorded in " + store);
            } else if (repository.restore(runtime.stored(deployment))) {
                published++;
                if (!lost) {
                    LOG.atWarn()
                            .addKeyValue("event", "republish")
                            .addKeyValue("function", deployment.name())
                            .addKeyValue("store", store)
                            .log("{} held neither {} nor its removal; published this host's version to it again",
                                    store, deployment.name());
                }
            }
        }
        if (lost) {
            LOG.atWarn()
                    .addKeyValue("event", "republish")
                    .addKeyValue("store", store)
                    .addKeyValue("functions", published)
                    .log("published {} of the functions this host serves to {} again (any others were back already, "
                            + "published by another host)", published, store);
        }
    }

    private List<Deployment> persistentDeployments() {
        return runtime.functions().stream().filter(Deployment::persistent).toList();
    }
}

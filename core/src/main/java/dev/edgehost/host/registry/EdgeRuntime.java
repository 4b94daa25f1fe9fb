package dev.edgehost.host.registry;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.capability.LogCapability;
import dev.edgehost.host.compile.CompiledCodeCache;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.compile.HugeMethods;
import dev.edgehost.host.compile.ModuleCompiler;
import dev.edgehost.host.execution.DeadlineWatchdog;
import dev.edgehost.host.execution.GuestInvoker;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.InstancePools;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.script.ScriptFunctions;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.StoredFunction;
import dev.edgehost.host.store.FunctionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployed functions and how to run them, independent of any server. Deploys swap a whole
 * {@link Deployment} atomically: a request that already holds the old one finishes on it. With a
 * repository shared by several hosts, changes other hosts make are applied here as they are
 * announced, and everything is compared with the repository periodically in case an announcement
 * was missed ({@link RepositorySync}). Every deploy and removal is logged with its cause.
 */
public final class EdgeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);

    private final FunctionRepository repository;
    private final ModuleCompiler compiler;
    private final DeadlineWatchdog deadlines;
    private final ScheduledExecutorService sync;
    private final GuestInvoker invoker;
    private final InstancePools pools;
    private final ScriptFunctions scripts;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private volatile RepositorySync repositorySync;
    private final long maxTotalCodeBytes;

    /**
     * @param repository where deployments are kept, or {@code null} to keep them in memory only
     * @param maxCachedModuleBytes bound of the compiled-module cache, in module bytes
     * @param kv where guests' key-value data lives
     * @param fetchClients the HTTP clients for guests' fetches
     * @param options how instances and compiled code are kept between requests
     */
    public EdgeRuntime(
            FunctionRepository repository,
            long maxCachedModuleBytes,
            KvBackend kv,
            FetchClients fetchClients,
            RuntimeOptions options) {
        this.repository = repository;
        this.compiler =
                new ModuleCompiler(
                        maxCachedModuleBytes,
                        options.compiledCodeDir() == null ? null : CompiledCodeCache.open(options.compiledCodeDir()),
                        options.deployBudgets());
        this.maxTotalCodeBytes = options.deployBudgets().maxTotalCodeBytes();
        this.deadlines = new DeadlineWatchdog("edge-deadlines");
        this.sync = daemonScheduler("edge-sync");
        this.invoker = new GuestInvoker(deadlines, kv, fetchClients);
        this.pools = new InstancePools(deadlines, options.poolBytes(), options.pooling());
        this.scripts = new ScriptFunctions(compiler, invoker, pools);
    }

    private static ScheduledThreadPoolExecutor daemonScheduler(String name) {
        return new ScheduledThreadPoolExecutor(
                1,
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    // Started on first use from a request's thread; it must not keep that thread's class loader.
                    thread.setContextClassLoader(EdgeRuntime.class.getClassLoader());
                    return thread;
                });
    }

    /**
     * Deploys the stored functions and follows the changes other hosts make from then on. A stored
     * function that no longer deploys (say, after the host dropped an import) is logged and skipped.
     *
     * @param store what the log calls the repository, e.g. {@code redis://cache:6379}
     * @param reconcileInterval how often to compare with a repository shared with other hosts
     * @return how many were deployed
     */
    public int loadStored(String store, Duration reconcileInterval) {
        if (repository == null) {
            return 0;
        }
        int loaded;
        synchronized (this) {
            repositorySync = new RepositorySync(this, repository, store, sync);
            repositorySync.begin();
            loaded = 0;
            for (StoredFunction stored : repository.loadAll()) {
                if (apply(stored, "stored in " + store)) {
                    loaded++;
                }
            }
        }
        repositorySync.follow(reconcileInterval);
        return loaded;
    }

    /** Compares with a shared repository now, for instance because it answers again after an outage. */
    public void reconcileSoon() {
        RepositorySync following = repositorySync;
        if (following != null) {
            following.reconcileSoon();
        }
    }

    /**
     * Serves a stored function unless this host already serves that very version; logs a change.
     * Called with this runtime's lock held.
     */
    boolean apply(StoredFunction stored, String cause) {
        Deployment current = deployments.get(stored.name());
        if (current != null && current.persistent() && current.sha256().equals(stored.sha256())
                && current.deployedAt().equals(stored.deployedAt()) && current.settings().equals(stored.settings())) {
            return true;
        }
        try {
            Deployment deployment =
                    prepare(
                            stored.name(), stored.sha256(), stored.wasm(), stored.kind(), stored.settings(), stored.deployedAt(),
                            true, false, false);
            Deployment previous = deployments.put(stored.name(), deployment);
            if (previous != null) {
                pools.remove(previous);
            }
            DeploymentLog.deployed(deployment, previous == null, cause);
            return true;
        } catch (ModuleRejectedException e) {
            LOG.error("stored function {} does not deploy: {}", stored.name(), e.getMessage());
            return false;
        }
    }

    /**
     * Stops serving a deployment, unless another version replaced it meanwhile, frees its pool and
     * logs why. Called with this runtime's lock held.
     */
    void forget(Deployment deployment, String cause) {
        if (deployments.remove(deployment.name(), deployment)) {
            pools.remove(deployment);
            DeploymentLog.undeployed(deployment, cause);
        }
    }

    /**
     * Checks, compiles and deploys a module under a name, replacing any earlier version.
     *
     * @param persistent whether to keep it in the repository (ignored without one)
     * @throws BadRequestException when the name breaks {@link FunctionNames#rule()}
     * @throws ModuleRejectedException when the module cannot be deployed
     * @throws dev.edgehost.host.StorageException when it cannot be stored; nothing changed then
     */
    public DeployOutcome deploy(String name, byte[] wasm, FunctionSettings settings, boolean persistent) {
        return deploy(name, wasm, FunctionKind.WASM, settings, persistent);
    }

    /**
     * Deploys a module, or a JavaScript function whose script is {@code code} in UTF-8, under a
     * name, replacing any earlier version; a script is loaded in the JavaScript engine, which is
     * not compiled again.
     *
     * @param persistent whether to keep it in the repository (ignored without one)
     * @throws BadRequestException when the name breaks {@link FunctionNames#rule()}
     * @throws ModuleRejectedException when the module or script cannot be deployed
     * @throws dev.edgehost.host.StorageException when it cannot be stored; nothing changed then
     */
    public DeployOutcome deploy(String name, byte[] code, FunctionKind kind, FunctionSettings settings, boolean persistent) {
        if (!FunctionNames.isValid(name)) {
            throw new BadRequestException("invalid function name \"" + name + "\": " + FunctionNames.rule());
        }
        String sha256 = FunctionStore.sha256(code);
        if (kind == FunctionKind.WASM) {
            DeployedCode.check(deployments.values(), name, code, maxTotalCodeBytes);
        }
        // Before the swap, so that the new version's first request finds its instances ready.
        // Bundled samples (not persistent) are deployed at start, which warns once for all (warmUp).
        Deployment deployment =
                prepare(name, sha256, code.clone(), kind, settings, Instant.now(), persistent && repository != null, persistent, true);
        synchronized (this) {
            if (kind == FunctionKind.WASM) {
                DeployedCode.check(deployments.values(), name, code, maxTotalCodeBytes);
            }
            if (deployment.persistent()) {
                repository.save(
                        new StoredFunction(name, sha256, deployment.wasm(), settings, deployment.deployedAt(), kind));
            }
            Deployment previous = deployments.put(name, deployment);
            if (previous != null && previous.persistent() && !deployment.persistent()) {
                repository.delete(name);
            }
            if (previous != null) {
                pools.remove(previous);
            }
            DeploymentLog.deployed(deployment, previous == null, "deployed on this host");
            return new DeployOutcome(deployment, previous == null);
        }
    }

    /**
     * Compiles a module, or loads a script in the engine, and gets the deployment's instances ready.
     *
     * @param warnHuge whether to warn now if the JVM leaves the module's largest methods uncompiled
     */
    private Deployment prepare(
            String name, String sha256, byte[] code, FunctionKind kind, FunctionSettings settings, Instant deployedAt,
            boolean persistent, boolean warnHuge, boolean budgeted) {
        if (kind == FunctionKind.JAVASCRIPT) {
            if (settings.mode() == FunctionMode.CGI) {
                throw new BadRequestException(
                        "mode=cgi is for WASI modules: a JavaScript function runs in the engine's handle; deploy it"
                                + " without mode, or with mode=abi");
            }
            CompiledModule engine = scripts.engine(settings.engine());
            Deployment deployment =
                    Deployment.of(name, sha256, code, settings, engine.description(), deployedAt, persistent, kind);
            scripts.prepare(deployment, engine);
            if (warnHuge) {
                HugeMethods.warnAtDeploy(name, engine);
            }
            return deployment;
        }
        // A stored function was within the budgets when it was deployed; it is not dropped at a busy start.
        CompiledModule compiled = budgeted
                ? compiler.compile(code, sha256, settings.engine(), settings.limits(), settings.mode())
                : compiler.compileStored(code, sha256, settings.engine(), settings.limits(), settings.mode());
        Deployment deployment =
                Deployment.of(name, sha256, code, settings, compiled.description(), deployedAt, persistent, kind);
        pools.prepare(deployment, compiled);
        if (warnHuge) {
            HugeMethods.warnAtDeploy(name, compiled);
        }
        return deployment;
    }

    /** The compiled module a deployment runs: its own, or the JavaScript engine for a script. */
    private CompiledModule compiled(Deployment deployment) {
        return deployment.kind() == FunctionKind.JAVASCRIPT
                ? scripts.engine(deployment.settings().engine())
                : compiler.compiled(deployment);
    }

    /** Like {@link #compiled}, without counting a cache hit: for looking at the module, not running a request. */
    private CompiledModule inspected(Deployment deployment) {
        return deployment.kind() == FunctionKind.JAVASCRIPT
                ? scripts.engine(deployment.settings().engine())
                : compiler.cachedOrCompiled(deployment);
    }

    /**
     * Runs a small script on the JavaScript engine when any JavaScript function is deployed, so
     * that its first requests do not pay for the JIT's warm-up; and warns once when the JVM will
     * leave the deployed functions' largest methods uncompiled ({@link HugeMethods}).
     */
    public void warmUp() {
        Set<Engine> engines = EnumSet.noneOf(Engine.class);
        List<String> slow = new ArrayList<>();
        for (Deployment deployment : functions()) {
            if (deployment.kind() == FunctionKind.JAVASCRIPT) {
                engines.add(deployment.settings().engine());
            }
            if (HugeMethods.jitSkipsHugeMethods() && HugeMethods.hugeFunctions(inspected(deployment)) > 0) {
                slow.add(deployment.name());
            }
        }
        HugeMethods.warnAtStart(slow);
        scripts.warm(engines);
    }

    /**
     * Removes a function. Requests already running on it finish.
     *
     * @return whether there was one
     */
    public synchronized boolean undeploy(String name) {
        Deployment removed = deployments.get(name);
        if (removed == null) {
            return false;
        }
        if (removed.persistent()) {
            repository.delete(name);
        }
        deployments.remove(name);
        pools.remove(removed);
        DeploymentLog.undeployed(removed, "undeployed on this host");
        return true;
    }

    /** Modules compiled so far, at deploys and after evictions from the cache. */
    public long compilations() {
        return compiler.compilations();
    }

    /** Requests whose compiled module was found in the cache. */
    public long moduleCacheHits() {
        return compiler.cacheHits();
    }

    public Optional<Deployment> find(String name) {
        return Optional.ofNullable(deployments.get(name));
    }

    /** The deployed functions, by name. */
    public List<Deployment> functions() {
        List<Deployment> all = new ArrayList<>(deployments.values());
        all.sort(Comparator.comparing(Deployment::name));
        return all;
    }

    /**
     * Runs one request on the calling thread in an instance of the deployment that is fresh or, when
     * pooled, restored to exactly the state of a fresh one.
     *
     * @param stats filled in with what the request cost, also when it fails
     * @throws dev.edgehost.host.EdgeException when the guest fails, one subclass per failure
     */
    public GuestResponse invoke(
            Deployment deployment, GuestRequest request, String requestId, LogCapability log, InvocationStats stats) {
        return invoker.invoke(deployment, pools.source(deployment, compiled(deployment)), request, requestId, log, stats);
    }

    /**
     * Gets an instance of the deployment ready exactly as a request would (built fresh, or taken
     * from its pool and restored to its snapshot, with host functions linked and fuel set) and gives
     * it back without running the guest: what a request pays before its guest runs. For benchmarks.
     */
    public void instantiateOnly(Deployment deployment) {
        invoker.instantiateOnly(deployment, pools.source(deployment, compiled(deployment)));
    }

    @Override
    public void close() {
        sync.shutdownNow();
        deadlines.close();
    }
}

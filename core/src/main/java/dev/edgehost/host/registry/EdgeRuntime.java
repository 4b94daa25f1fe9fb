package dev.edgehost.host.registry;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.InvalidTrafficException;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.VersionNotFoundException;
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
import dev.edgehost.host.spi.FunctionHistory;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.FunctionVersion;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.StoredFunction;
import dev.edgehost.host.spi.Traffic;
import dev.edgehost.host.store.FunctionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
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
    /** How many versions of a function are kept when the host is not told otherwise. */
    public static final int DEFAULT_KEEP_VERSIONS = 10;
    /** Who deployed a version through {@code EdgeHost} itself rather than the admin API. */
    public static final String HOST_API = "host API";
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);
    /** Tries at storing a change while other hosts keep storing newer versions of the function first. */
    static final int SAVE_ATTEMPTS = 10;

    private final FunctionRepository repository;
    private final ModuleCompiler compiler;
    private final DeadlineWatchdog deadlines;
    private final ScheduledExecutorService sync;
    private final GuestInvoker invoker;
    private final InstancePools pools;
    private final ScriptFunctions scripts;
    private final TieredCompiles tiered;
    /** By name, the serving version's deployment; changed with {@link #served}, under this runtime's lock. */
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final Map<String, ServedFunction> served = new ConcurrentHashMap<>();
    private final int keepVersions;
    private volatile RepositorySync repositorySync;
    private volatile StoredLoading loading;
    private volatile StartupLoading startup;
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
        this(repository, maxCachedModuleBytes, kv, fetchClients, options, DEFAULT_KEEP_VERSIONS);
    }

    /**
     * @param keepVersions how many of each function's newest versions are kept for rollbacks and
     *     splits, besides those traffic goes to
     */
    public EdgeRuntime(
            FunctionRepository repository,
            long maxCachedModuleBytes,
            KvBackend kv,
            FetchClients fetchClients,
            RuntimeOptions options,
            int keepVersions) {
        if (keepVersions < 1) {
            throw new IllegalArgumentException("keep-versions must be at least 1: " + keepVersions);
        }
        this.keepVersions = keepVersions;
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
        this.tiered = new TieredCompiles(compiler, pools, sync, options.deployBudgets());
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

    /**
     * Starts loading the stored functions on a thread of its own, smallest first, and returns at
     * once: until a function is in, {@link #isLoading} says so and requests for it are answered
     * {@code function_loading}. Once all are in, follows the changes other hosts make and runs
     * {@code whenDone} (on the loading thread).
     *
     * @param store what the log calls the repository, e.g. {@code redis://cache:6379}
     * @param reconcileInterval how often to compare with a repository shared with other hosts
     * @return false, having done nothing, when there is no repository to load from
     */
    public boolean loadStoredInBackground(String store, Duration reconcileInterval, Runnable whenDone) {
        if (repository == null) {
            return false;
        }
        StoredLoading started;
        synchronized (this) {
            repositorySync = new RepositorySync(this, repository, store, sync);
            repositorySync.begin();
            started = new StoredLoading(repository.loadAll());
            loading = started;
        }
        Thread thread =
                new Thread(
                        () -> {
                            long start = System.nanoTime();
                            try {
                                started.order().forEach(stored -> loadOne(started, stored, store));
                            } finally {
                                started.finish();
                            }
                            LoadProgress done = started.progress();
                            LOG.atInfo()
                                    .addKeyValue("event", "stored_loaded")
                                    .addKeyValue("loaded", done.loaded())
                                    .addKeyValue("failed", done.failed())
                                    .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                                    .log("loaded {} of {} stored functions from {} in {} ms ({} did not deploy)",
                                            done.loaded(), done.total(), store, (System.nanoTime() - start) / 1_000_000,
                                            done.failed());
                            repositorySync.follow(reconcileInterval);
                            whenDone.run();
                        },
                        "edge-load");
        thread.setDaemon(true);
        thread.setContextClassLoader(EdgeRuntime.class.getClassLoader());
        thread.start();
        return true;
    }

    /**
     * Serves one stored function unless a change on this host replaced it meanwhile. A large module
     * is checked for the interpreter and compiled in the background, so holding the lock is short.
     */
    private void loadOne(StoredLoading started, StoredFunction stored, String store) {
        synchronized (this) {
            if (!started.isPending(stored.name())) {
                return;
            }
            boolean served;
            try {
                served = serve(stored, "stored in " + store);
            } catch (RuntimeException e) {
                LOG.error("stored function {} does not deploy: {}", stored.name(), e.getMessage());
                served = false;
            }
            if (served) {
                started.loaded(stored.name());
            } else {
                started.failed(stored.name());
            }
        }
    }

    /**
     * Whether a function of this name is stored, or was given at start, and still loading, so that
     * it is not there yet.
     */
    public boolean isLoading(String name) {
        StoredLoading current = loading;
        StartupLoading starting = startup;
        return (current != null && current.isPending(name)) || (starting != null && starting.isPending(name));
    }

    /** Tracks the functions given at start that deploy in the background, so that they count as loading. */
    public void startupLoading(StartupLoading starting) {
        this.startup = starting;
    }

    /** What became of the functions given at start; {@link LoadProgress#NONE} when none were. */
    public LoadProgress startupProgress() {
        StartupLoading starting = startup;
        return starting == null ? LoadProgress.NONE : starting.progress();
    }

    /** What became of a function given at start; empty when none of this name was. */
    public Optional<StartupLoading.Status> startupStatus(String name) {
        StartupLoading starting = startup;
        return starting == null ? Optional.empty() : starting.status(name);
    }

    /** How far loading the stored functions has come; {@link LoadProgress#NONE} when nothing is loading. */
    public LoadProgress loadProgress() {
        StoredLoading current = loading;
        return current == null ? LoadProgress.NONE : current.progress();
    }

    /**
     * Waits until the stored functions are in, as an embedder that wants them all before its first
     * request does; false if they were not within the timeout.
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        StoredLoading current = loading;
        return current == null || current.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the functions given at start are deployed or given up, as a caller that wants
     * them all before its first request does; false if they were not within the timeout.
     */
    public boolean awaitStartup(Duration timeout) throws InterruptedException {
        StartupLoading starting = startup;
        return starting == null || starting.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A change on this host to a function still loading wins over the stored version. */
    private void replacesLoading(String name) {
        StoredLoading current = loading;
        if (current != null) {
            current.replaced(name);
        }
        StartupLoading starting = startup;
        if (starting != null) {
            starting.replaced(name);
        }
    }

    /** Compares with a shared repository now, for instance because it answers again after an outage. */
    public void reconcileSoon() {
        RepositorySync following = repositorySync;
        if (following != null) {
            following.reconcileSoon();
        }
    }

    /**
     * Serves a stored function unless this host already serves that very state of it (versions,
     * traffic); logs a change. Called with this runtime's lock held.
     */
    boolean apply(StoredFunction stored, String cause) {
        replacesLoading(stored.name());
        return serve(stored, cause);
    }

    /** Serves a stored function as {@link #apply} does, for loading it at start; with this runtime's lock held. */
    private boolean serve(StoredFunction stored, String cause) {
        ServedFunction current = served.get(stored.name());
        if (current != null && current.primary().persistent() && current.history().equals(stored.history())
                && current.primary().sha256().equals(stored.sha256())) {
            return true;
        }
        try {
            Map<String, byte[]> retained = keepsModules() ? keptModules(stored, current) : Map.of();
            ServedFunction next =
                    build(stored.name(), stored.history(), current, true, retained, version -> {
                        byte[] module = stored.module(version.sha256());
                        if (module == null) {
                            module = retained.get(version.sha256());
                        }
                        return module != null ? module : repository.module(version.sha256(), version.kind());
                    });
            install(next);
            startTiers(next, current);
            DeploymentLog.deployed(next.primary(), current == null, cause);
            return true;
        } catch (ModuleRejectedException | VersionNotFoundException e) {
            LOG.error("stored function {} does not deploy: {}", stored.name(), e.getMessage());
            return false;
        }
    }

    /**
     * Stops serving a function, unless another version replaced it meanwhile, frees its pools and
     * logs why. Called with this runtime's lock held.
     */
    void forget(Deployment deployment, String cause) {
        if (deployments.remove(deployment.name(), deployment)) {
            ServedFunction removed = served.remove(deployment.name());
            if (removed != null) {
                removed.deployments().forEach(pools::remove);
            }
            pools.remove(deployment);
            DeploymentLog.undeployed(deployment, cause);
        }
    }

    /**
     * The function as a repository keeps it, with every kept version's module this host has, for
     * publishing it again; called with this runtime's lock held.
     */
    StoredFunction stored(Deployment deployment) {
        return served.get(deployment.name()).storedWithKeptModules();
    }

    /** Whether this host keeps every kept version's module of its stored functions: their repository can lose them. */
    private boolean keepsModules() {
        RepositorySync following = repositorySync;
        return following != null && following.mayLoseContent();
    }

    /** The modules of a stored function's kept versions: from the record, this host, or the repository. */
    private Map<String, byte[]> keptModules(StoredFunction stored, ServedFunction current) {
        Map<String, byte[]> modules = new HashMap<>();
        for (FunctionVersion version : stored.history().versions()) {
            byte[] module = stored.module(version.sha256());
            if (module == null && current != null) {
                module = current.module(version);
            }
            if (module == null) {
                module = repository.module(version.sha256(), version.kind());
            }
            if (module != null) {
                modules.put(version.sha256(), module);
            }
        }
        return modules;
    }

    /**
     * The deployments of the versions a history sends traffic to: those {@code current} already
     * has are kept (with their instances), the others are compiled (once per module: the code
     * cache is by hash) and get instances of their own.
     *
     * @throws VersionNotFoundException when a version's module is no longer kept
     */
    private ServedFunction build(
            String name, FunctionHistory history, ServedFunction current, boolean persistent, Map<String, byte[]> retained,
            Function<FunctionVersion, byte[]> modules) {
        Map<Integer, Deployment> versions = new HashMap<>();
        List<Deployment> made = new ArrayList<>();
        try {
            for (int number : history.servingVersions()) {
                FunctionVersion version = history.version(number)
                        .orElseThrow(() -> new VersionNotFoundException(name + " keeps no version " + number));
                Deployment kept = current == null ? null : current.versions().get(number);
                if (kept != null && kept.sha256().equals(version.sha256()) && kept.settings().equals(version.settings())
                        && kept.persistent() == persistent) {
                    versions.put(number, kept);
                    continue;
                }
                byte[] code = modules.apply(version);
                if (code == null) {
                    throw new VersionNotFoundException(
                            "the module of version " + number + " of " + name + " is no longer kept");
                }
                Deployment deployment =
                        prepare(name, version.sha256(), code, version.kind(), version.settings(), version.deployedAt(),
                                persistent, false, false, number);
                made.add(deployment);
                versions.put(number, deployment);
            }
        } catch (RuntimeException e) {
            made.forEach(pools::remove);
            throw e;
        }
        return ServedFunction.of(history, versions, retained);
    }

    /** Serves {@code next} for its name at once, and frees the instances of versions it no longer serves. */
    private void install(ServedFunction next) {
        String name = next.primary().name();
        ServedFunction previous = served.put(name, next);
        deployments.put(name, next.primary());
        if (previous != null) {
            for (Deployment old : previous.deployments()) {
                if (next.deployments().stream().noneMatch(kept -> kept == old)) {
                    pools.remove(old);
                }
            }
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
        return deploy(name, code, kind, settings, persistent, HOST_API, true);
    }

    /**
     * Deploys a new version of a function, numbered one more than its newest.
     *
     * @param deployedBy who deploys it, recorded with the version
     * @param moveTraffic whether the new version serves all requests at once; otherwise it is kept
     *     beside the traffic as it is, for a split or a rule to send requests to it
     * @throws BadRequestException when the name breaks {@link FunctionNames#rule()}
     * @throws ModuleRejectedException when the module or script cannot be deployed
     * @throws dev.edgehost.host.StorageException when it cannot be stored; nothing changed then
     */
    public DeployOutcome deploy(
            String name, byte[] code, FunctionKind kind, FunctionSettings settings, boolean persistent, String deployedBy,
            boolean moveTraffic) {
        if (!FunctionNames.isValid(name)) {
            throw new BadRequestException("invalid function name \"" + name + "\": " + FunctionNames.rule());
        }
        String sha256 = FunctionStore.sha256(code);
        if (kind == FunctionKind.WASM) {
            DeployedCode.check(deployments.values(), name, code, maxTotalCodeBytes);
        }
        boolean stored = persistent && repository != null;
        byte[] own = code.clone();
        Instant deployedAt = Instant.now();
        for (int attempt = 1; ; attempt++) {
            int number = nextNumber(name);
            // Before the swap, so that the new version's first request finds its instances ready.
            // Bundled samples (not persistent) are deployed at start, which warns once for all (warmUp).
            Deployment deployment = prepare(name, sha256, own, kind, settings, deployedAt, stored, persistent, true, number);
            synchronized (this) {
                if (number != nextNumber(name)) {
                    // Another deploy of the name took the number meanwhile.
                    pools.remove(deployment);
                    continue;
                }
                replacesLoading(name);
                DeployOutcome outcome = install(deployment, deployedBy, moveTraffic);
                if (outcome != null) {
                    return outcome;
                }
                catchUp(name, attempt);
            }
        }
    }

    /**
     * After another host stored a newer version of the function first (so this host's number or
     * change was built on a stale record): serves what the repository holds now, for the next
     * attempt to build on. With this runtime's lock held.
     *
     * @throws dev.edgehost.host.StorageException after {@value #SAVE_ATTEMPTS} attempts
     */
    private void catchUp(String name, int attempt) {
        if (attempt >= SAVE_ATTEMPTS) {
            throw new StorageException(
                    name + " changed on another host each of the " + attempt + " times this host tried to store a change; try again",
                    null);
        }
        StoredFunction stored = repository.load(name);
        if (stored != null) {
            apply(stored, "deployed on another host");
        }
    }

    /** The number of the newest version a function keeps, what a repository must still hold for a change to apply. */
    private static int newest(ServedFunction function) {
        return function == null ? 0 : function.history().versions().get(0).number();
    }

    private int nextNumber(String name) {
        ServedFunction current = served.get(name);
        return current == null ? 1 : current.history().nextNumber();
    }

    /**
     * Records and serves a deployment prepared as the next version of its function; with this
     * runtime's lock held. Returns {@code null}, changing nothing, when another host stored a newer
     * version of the function first.
     */
    private DeployOutcome install(Deployment deployment, String deployedBy, boolean moveTraffic) {
        String name = deployment.name();
        if (deployment.kind() == FunctionKind.WASM) {
            DeployedCode.check(deployments.values(), name, deployment.wasm(), maxTotalCodeBytes);
        }
        ServedFunction current = served.get(name);
        FunctionVersion version =
                new FunctionVersion(deployment.number(), deployment.sha256(), deployment.kind(), deployment.settings(),
                        deployment.deployedAt(), deployedBy);
        boolean move = moveTraffic || current == null;
        FunctionHistory history = current == null
                ? new FunctionHistory(List.of(version), version.number(), null)
                : current.history().deployed(version, move, keepVersions);
        Map<String, byte[]> retained =
                deployment.persistent() && !keepsModules() ? Map.of() : retained(current, history, deployment);
        ServedFunction next;
        if (move) {
            next = ServedFunction.of(history, Map.of(version.number(), deployment), retained);
        } else {
            next = ServedFunction.of(history, current.versions(), retained);
            pools.remove(deployment);
        }
        boolean saved;
        try {
            // A version kept beside the traffic is stored with its module too, for the split that sends it requests.
            saved = !deployment.persistent()
                    || repository.saveIfNewest(
                            move ? next.stored() : next.stored().withModule(deployment.sha256(), deployment.wasm()), newest(current));
        } catch (RuntimeException e) {
            pools.remove(deployment);
            throw e;
        }
        if (!saved) {
            // Another host took this version number first.
            pools.remove(deployment);
            return null;
        }
        Deployment previous = deployments.get(name);
        if (previous != null && previous.persistent() && !deployment.persistent()) {
            repository.delete(name);
        }
        install(next);
        startTiers(next, current);
        DeploymentLog.deployed(deployment, current == null, move ? "deployed on this host" : "deployed on this host, traffic kept");
        return new DeployOutcome(next.primary(), current == null);
    }

    /**
     * The modules a function outside any repository keeps for rollbacks, or one in a repository
     * that can lose them keeps to publish them again: every kept version's.
     */
    private static Map<String, byte[]> retained(ServedFunction current, FunctionHistory history, Deployment deployment) {
        Map<String, byte[]> retained = new HashMap<>();
        for (FunctionVersion version : history.versions()) {
            byte[] module = version.sha256().equals(deployment.sha256())
                    ? deployment.wasm()
                    : current == null ? null : current.module(version);
            if (module != null) {
                retained.put(version.sha256(), module);
            }
        }
        return retained;
    }

    /**
     * Makes a kept version serve all requests again, on every host sharing the repository: one
     * write of the function's record.
     *
     * @param number the version, or {@code null} for the newest one older than the serving one
     * @return the deployment that serves now
     * @throws FunctionNotFoundException when no function has the name
     * @throws VersionNotFoundException when the function keeps no such version, or none older
     */
    public synchronized Deployment rollback(String name, Integer number) {
        for (int attempt = 1; ; attempt++) {
            ServedFunction current = servedOrThrow(name);
            FunctionHistory history = current.history();
            FunctionVersion target = number == null
                    ? history.beforeServing().orElseThrow(() -> new VersionNotFoundException(
                            name + " keeps no version older than the serving version " + history.serving()))
                    : history.version(number).orElseThrow(() -> new VersionNotFoundException(
                            name + " has no version " + number + "; it keeps " + kept(history)));
            ServedFunction next = change(current, history.rolledBackTo(target.number()), "rolled back to version " + target.number());
            if (next != null) {
                return next.primary();
            }
            catchUp(name, attempt);
        }
    }

    /**
     * Shares a function's requests between its kept versions, on every host sharing the
     * repository; the split's largest share becomes the serving version.
     *
     * @throws FunctionNotFoundException when no function has the name
     * @throws dev.edgehost.host.InvalidTrafficException when the traffic names a version not kept
     */
    public synchronized ServedFunctionView setTraffic(String name, Traffic traffic) {
        for (int attempt = 1; ; attempt++) {
            ServedFunction current = servedOrThrow(name);
            FunctionHistory history = current.history();
            for (int number : traffic.versions()) {
                if (history.version(number).isEmpty()) {
                    throw new InvalidTrafficException(
                            "version " + number + " is not a kept version of " + name + "; it keeps " + kept(history));
                }
            }
            ServedFunction next = change(current, history.withTraffic(traffic), "traffic changed");
            if (next != null) {
                return view(next);
            }
            catchUp(name, attempt);
        }
    }

    /** Serves and stores a new history of a function; {@code null}, changing nothing, when another host stored a newer version first. */
    private ServedFunction change(ServedFunction current, FunctionHistory history, String what) {
        String name = current.primary().name();
        boolean persistent = current.primary().persistent();
        ServedFunction next = build(name, history, current, persistent, current.retained(), version -> {
            byte[] module = current.module(version);
            return module == null && persistent ? repository.module(version.sha256(), version.kind()) : module;
        });
        boolean saved;
        try {
            saved = !persistent || repository.saveIfNewest(next.stored(), newest(current));
        } catch (RuntimeException e) {
            discardNew(current, next);
            throw e;
        }
        if (!saved) {
            discardNew(current, next);
            return null;
        }
        install(next);
        startTiers(next, current);
        DeploymentLog.deployed(next.primary(), false, what + " on this host");
        return next;
    }

    /** Frees the instances of the versions {@code next} compiled that {@code current} does not serve. */
    private void discardNew(ServedFunction current, ServedFunction next) {
        for (Deployment made : next.deployments()) {
            if (current.deployments().stream().noneMatch(kept -> kept == made)) {
                pools.remove(made);
            }
        }
    }

    private ServedFunction servedOrThrow(String name) {
        ServedFunction current = served.get(name);
        if (current == null) {
            throw new FunctionNotFoundException("no function named \"" + name + "\"");
        }
        return current;
    }

    private static String kept(FunctionHistory history) {
        return history.versions().stream().map(version -> String.valueOf(version.number())).sorted()
                .collect(Collectors.joining(", "));
    }

    /** A function's kept versions and traffic, or empty when no function has the name. */
    public Optional<ServedFunctionView> versions(String name) {
        return Optional.ofNullable(served.get(name)).map(EdgeRuntime::view);
    }

    private static ServedFunctionView view(ServedFunction function) {
        return new ServedFunctionView(function.history(), function.primary());
    }

    /**
     * The deployment one request runs on: the version the function's traffic picks for it. A
     * request routed before a change keeps the deployment it was routed to.
     */
    public Deployment route(Deployment deployment, GuestRequest request) {
        ServedFunction current = served.get(deployment.name());
        return current == null || current.primary() != deployment ? deployment : current.pick(request);
    }

    /**
     * Compiles a module, or loads a script in the engine, and gets the deployment's instances ready.
     *
     * @param warnHuge whether to warn now if the JVM leaves the module's largest methods uncompiled
     */
    private Deployment prepare(
            String name, String sha256, byte[] code, FunctionKind kind, FunctionSettings settings, Instant deployedAt,
            boolean persistent, boolean warnHuge, boolean budgeted, int number) {
        if (kind == FunctionKind.JAVASCRIPT) {
            if (settings.mode() == FunctionMode.CGI) {
                throw new BadRequestException(
                        "mode=cgi is for WASI modules: a JavaScript function runs in the engine's handle; deploy it"
                                + " without mode, or with mode=abi");
            }
            CompiledModule engine = scripts.engine(settings.engine());
            Deployment deployment =
                    Deployment.of(name, sha256, code, settings, engine.description(), deployedAt, persistent, kind, number);
            scripts.prepare(deployment, engine);
            if (warnHuge) {
                HugeMethods.warnAtDeploy(name, engine);
            }
            return deployment;
        }
        // A large module serves on the interpreter at once and is compiled in the background.
        boolean tiers = settings.engine() == Engine.COMPILER && tiered.tiered(code.length);
        Engine engine = tiers ? Engine.INTERPRETER : settings.engine();
        // A stored function was within the budgets when it was deployed; it is not dropped at a busy start.
        // A stored version (at start, from another host, for a rollback or a split) may have its code in the cache.
        CompiledModule compiled = budgeted
                ? compiler.compile(code, sha256, engine, settings.limits(), settings.mode())
                : compiler.cachedOrCompileStored(code, sha256, engine, settings.limits(), settings.mode());
        Deployment deployment =
                Deployment.of(name, sha256, code, settings, compiled.description(), deployedAt, persistent, kind, number);
        pools.prepare(deployment, compiled);
        if (tiers) {
            tiered.register(deployment, compiled);
        }
        if (warnHuge) {
            HugeMethods.warnAtDeploy(name, compiled);
        }
        return deployment;
    }

    /** Compiles the large deployments {@code next} serves and {@code previous} did not in the background, unless replaced first. */
    private void startTiers(ServedFunction next, ServedFunction previous) {
        for (Deployment deployment : next.deployments()) {
            if (previous == null || previous.deployments().stream().noneMatch(kept -> kept == deployment)) {
                tiered.start(deployment, () -> isServed(deployment));
            }
        }
    }

    private boolean isServed(Deployment deployment) {
        ServedFunction current = served.get(deployment.name());
        return current != null && current.deployments().stream().anyMatch(serving -> serving == deployment);
    }

    /**
     * Which code serves a function now and where its background compile is: for the function JSON.
     */
    public TierInfo tier(Deployment deployment) {
        TierInfo info = tiered.info(deployment);
        if (info != null) {
            return info;
        }
        return TierInfo.atDeploy(deployment.settings().engine() == Engine.COMPILER);
    }

    /** The compiled module a deployment runs: its own, or the JavaScript engine for a script. */
    private CompiledModule compiled(Deployment deployment) {
        CompiledModule serving = tiered.serving(deployment);
        if (serving != null) {
            return serving;
        }
        return deployment.kind() == FunctionKind.JAVASCRIPT
                ? scripts.engine(deployment.settings().engine())
                : compiler.compiled(deployment);
    }

    /** Like {@link #compiled}, without counting a cache hit: for looking at the module, not running a request. */
    private CompiledModule inspected(Deployment deployment) {
        CompiledModule serving = tiered.serving(deployment);
        if (serving != null) {
            return serving;
        }
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
            StartupLoading starting = startup;
            boolean given = starting != null && starting.replaced(name);
            StoredLoading current = loading;
            if (current == null || !current.replaced(name)) {
                if (given) {
                    DeploymentLog.undeployedWhileLoading(name);
                }
                return given;
            }
            repository.delete(name);
            DeploymentLog.undeployedWhileLoading(name);
            return true;
        }
        if (removed.persistent()) {
            repository.delete(name);
        }
        deployments.remove(name);
        ServedFunction versions = served.remove(name);
        if (versions != null) {
            versions.deployments().forEach(pools::remove);
        }
        pools.remove(removed);
        forgetUnused(removed, versions);
        DeploymentLog.undeployed(removed, "undeployed on this host");
        return true;
    }

    /**
     * Drops the compiled modules of a removed function that no function deployed or kept still has: the
     * cache is bounded by module bytes, and a large module's parsed and compiled form is some 50
     * times its size, so modules undeployed long ago held most of the heap.
     */
    private void forgetUnused(Deployment removed, ServedFunction versions) {
        Set<String> unused = new HashSet<>();
        unused.add(removed.sha256());
        if (versions != null) {
            versions.deployments().forEach(version -> unused.add(version.sha256()));
            versions.history().versions().forEach(version -> unused.add(version.sha256()));
        }
        deployments.values().forEach(other -> unused.remove(other.sha256()));
        for (ServedFunction other : served.values()) {
            other.deployments().forEach(version -> unused.remove(version.sha256()));
            other.history().versions().forEach(version -> unused.remove(version.sha256()));
        }
        unused.forEach(compiler::forget);
    }

    /** Modules compiled so far, at deploys and after evictions from the cache. */
    public long compilations() {
        return compiler.compilations();
    }

    /** Compiled modules the cache holds. */
    public long cachedModules() {
        return compiler.cachedModules();
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
        tiered.close();
        sync.shutdownNow();
        deadlines.close();
    }
}

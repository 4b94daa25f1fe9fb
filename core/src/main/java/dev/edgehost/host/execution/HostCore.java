package dev.edgehost.host.execution;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionLoadingException;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.OverloadedException;
import dev.edgehost.host.ResponseStream;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.fetch.FetchCache;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.KvCircuitBreaker;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.LoadProgress;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.BackendHealth;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host built by {@link EdgeHost.Builder}: the composition root that opens the backend, the
 * runtime and the {@link RequestExecutor}, and closes them in order. Thread-safe.
 */
public final class HostCore implements EdgeHost {
    private static final Logger LOG = LoggerFactory.getLogger(HostCore.class);

    private final HostConfig config;
    private final Backend backend;
    private final KvCircuitBreaker kv;
    private final EdgeRuntime runtime;
    private final RequestExecutor executor;
    private final SelfSubrequests selfSubrequests;
    private final BackendMonitor monitor;
    private final ScheduledRuns scheduledRuns;
    private final FetchClients fetchClients;
    private volatile StartupDeploys startupDeploys;

    private HostCore(HostConfig config) {
        this.config = config;
        try {
            this.backend = Backends.open(config);
        } catch (KvUnavailableException e) {
            throw new StorageException(e.getMessage(), e);
        }
        RuntimeOptions options =
                new RuntimeOptions(Backends.compiledCodeDir(config), config.pooling(), config.poolBytes(), config.deployBudgets());
        this.kv = new KvCircuitBreaker(backend.kv(), backend.describe());
        this.fetchClients = new FetchClients(new FetchCache(config.fetchCacheBytes(), config.fetchCacheEntryBytes()), config.fetchTrust());
        this.runtime = new EdgeRuntime(
                backend.functions(), config.maxCachedModuleBytes(), kv, fetchClients, options, config.keepVersions());
        this.executor =
                new RequestExecutor(
                        runtime, config.workers(),
                        config.carriers() == 0 ? CarrierPool.defaultCarriers(config.workers()) : config.carriers(),
                        config.queueSize(), config.observers(), config.logListeners(),
                        new HostOwnedHeaders(config.clientLocator()), config.tracer());
        this.selfSubrequests = new SelfSubrequests(runtime, executor);
        fetchClients.dispatchSelfTo(selfSubrequests);
        this.monitor = new BackendMonitor(backend, kv, runtime::reconcileSoon);
        this.scheduledRuns = new ScheduledRuns(runtime, executor, backend.scheduleLeases(), Clock.systemUTC());
    }

    /** A host with its stored functions loaded and, if asked, the bundled samples deployed. */
    public static HostCore start(HostConfig config) {
        HostCore core = new HostCore(config);
        if (config.loadStoredInBackground()) {
            return core.startLoadingInBackground();
        }
        int loaded = core.runtime.loadStored(core.backend.describe(), config.reconcileInterval());
        if (core.backend.functions() != null) {
            LOG.info("loaded {} stored functions from {}", loaded, core.backend.describe());
        }
        core.monitor.start();
        try {
            for (StartupFunction function : config.startupFunctions()) {
                core.runtime.deploy(function.name(), function.code(), function.kind(), function.settings(), true);
            }
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        if (config.bundledSamples()) {
            BundledSamples.deployMissing(core.runtime, config.defaultSettings(), null);
        }
        core.runtime.warmUp();
        core.scheduledRuns.start();
        return core;
    }

    /**
     * Serves at once and loads the stored functions in the background; the functions given at
     * start and the bundled samples (under names no stored function has, loaded or not) deploy in
     * the background too (StartupDeploys).
     */
    private HostCore startLoadingInBackground() {
        StartupDeploys deploys;
        boolean loading;
        // Held until the plan is known, so that the stored load, if it is over first, sees it.
        synchronized (this) {
            loading = runtime.loadStoredInBackground(backend.describe(), config.reconcileInterval(), this::warmUpUnlessDeploying);
            deploys = StartupDeploys.plan(runtime, config);
            startupDeploys = deploys.isEmpty() ? null : deploys;
        }
        monitor.start();
        if (!deploys.isEmpty()) {
            deploys.start(runtime::warmUp);
        } else if (!loading) {
            runtime.warmUp();
        }
        return this;
    }

    /** After the stored functions: warms up now unless the start-up deploys do once they are in. */
    private void warmUpUnlessDeploying() {
        synchronized (this) {
            if (startupDeploys != null) {
                return;
            }
        }
        runtime.warmUp();
    }

    /**
     * Tells the host an origin its public listener is reached at, such as {@code
     * http://127.0.0.1:8080}: from then on, guests' fetches of it run in process, as subrequests.
     */
    public void listensAt(String origin) {
        selfSubrequests.listensAt(origin);
    }

    /**
     * Deploys the bundled samples that call other functions of this host, now that the origin of
     * its public listener is known; nothing unless the host serves the bundled samples.
     *
     * @param selfOrigin such as {@code http://127.0.0.1:8080}
     */
    public void deploySelfCallingSamples(String selfOrigin) {
        StartupDeploys deploys = startupDeploys;
        if (deploys != null) {
            deploys.selfOrigin(selfOrigin);
        } else if (config.bundledSamples() && !config.loadStoredInBackground()) {
            BundledSamples.deployMissing(runtime, config.defaultSettings(), selfOrigin);
        }
    }

    /**
     * The host's internals, for the host's own adapters.
     *
     * @throws IllegalArgumentException when the host was not built by {@link EdgeHost#builder()}
     */
    public static HostCore of(EdgeHost host) {
        if (host instanceof HostCore) {
            return (HostCore) host;
        }
        throw new IllegalArgumentException("not a host built by EdgeHost.builder(): " + host.getClass().getName());
    }

    public HostConfig config() {
        return config;
    }

    public EdgeRuntime runtime() {
        return runtime;
    }

    /** The key-value store, behind the circuit breaker that every call goes through. */
    public KvBackend kv() {
        return kv;
    }

    /** The circuit breaker in front of the key-value store, for metrics. */
    public KvCircuitBreaker kvBreaker() {
        return kv;
    }

    public RequestExecutor executor() {
        return executor;
    }

    /** What runs functions on their schedules. */
    public ScheduledRuns scheduledRuns() {
        return scheduledRuns;
    }

    /**
     * Why the host should not be sent requests now, asking the backend; empty when it is ready.
     * Blocks for at most about the key-value timeout.
     */
    public List<String> unreadyReasons() {
        List<String> reasons = new ArrayList<>();
        if (!executor.accepting()) {
            reasons.add("shutting down");
        }
        reasons.addAll(monitor.problems());
        LoadProgress progress = runtime.loadProgress();
        if (!progress.done()) {
            reasons.add("loading stored functions: " + progress.loaded() + " of " + progress.total() + " loaded, "
                    + progress.pending() + " pending");
        }
        LoadProgress startup = runtime.startupProgress();
        if (!startup.done()) {
            reasons.add("deploying start-up functions: " + startup.loaded() + " of " + startup.total() + " deployed, "
                    + startup.pending() + " pending");
        }
        return reasons;
    }

    /** What the backend said when it was last asked (about once a second), without asking it. */
    public BackendHealth backendHealth() {
        return monitor.last();
    }

    @Override
    public FunctionInfo deploy(String name, byte[] wasm, FunctionSettings settings) {
        return info(runtime.deploy(name, wasm, settings, true).deployment());
    }

    @Override
    public FunctionInfo deployScript(String name, String script, FunctionSettings settings) {
        byte[] code = Objects.requireNonNull(script, "script").getBytes(StandardCharsets.UTF_8);
        return info(runtime.deploy(name, code, FunctionKind.JAVASCRIPT, settings, true).deployment());
    }

    @Override
    public boolean undeploy(String name) {
        return runtime.undeploy(name);
    }

    @Override
    public List<FunctionInfo> functions() {
        return runtime.functions().stream().map(HostCore::info).toList();
    }

    @Override
    public Optional<FunctionInfo> function(String name) {
        return runtime.find(name).map(HostCore::info);
    }

    public static FunctionInfo info(Deployment deployment) {
        return new FunctionInfo(
                deployment.name(),
                deployment.sha256(),
                deployment.wasm().length,
                deployment.deployedAt(),
                deployment.settings(),
                deployment.description().imports(),
                deployment.description().exports(),
                deployment.persistent(),
                deployment.description().mode(),
                deployment.kind());
    }

    /**
     * The deployment a request names.
     *
     * @throws FunctionNotFoundException when no function has that name
     */
    public Deployment deployment(String name) {
        Optional<Deployment> found = runtime.find(name);
        if (found.isEmpty() && runtime.isLoading(name)) {
            throw loading(name);
        }
        return found.orElseThrow(() -> new FunctionNotFoundException(
                name.isEmpty() ? "the path names no function" : "no function named \"" + name + "\""));
    }

    /** The answer to a request for a stored function the host has not loaded yet. */
    public static FunctionLoadingException loading(String name) {
        return new FunctionLoadingException(
                "the function \"" + name + "\" is still loading while the host starts; try again shortly");
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        return handle(request, null);
    }

    @Override
    public EdgeResponse handle(EdgeRequest request, ResponseStream stream) {
        Deployment deployment = deployment(request.function());
        RequestLimits.checkHeaders(deployment.settings().limits(), request.headers());
        RequestLimits.checkBody(deployment.settings().limits(), request.body().length);
        BodyPump pump = BodyPump.forRequest(deployment, request);
        GuestRequest guestRequest =
                new GuestRequest(
                        request.method(), request.url().toString(), request.headers(),
                        pump == null ? BodyPump.wholeBody(deployment, request) : request.body(), request.remoteAddress(), request.protocol());
        if (pump != null) {
            guestRequest = guestRequest.withBodyStream(pump.body());
        }
        if (stream != null) {
            guestRequest = guestRequest.withResponseStream(stream);
        }
        // The caller waits anyway: with a worker's place free, the guest runs on its thread. Not
        // while a streamed body is pumped from this thread into the guest, nor for an interrupted
        // caller, whose interrupt would stop the guest as its deadline does.
        Future<RequestExecutor.Outcome> pending =
                pump == null && !Thread.currentThread().isInterrupted()
                        ? executor.submitHere(deployment, guestRequest, request.requestId())
                        : executor.submit(deployment, guestRequest, request.requestId());
        if (pump != null) {
            pump.pumpUntil(pending);
        }
        RequestExecutor.Outcome outcome;
        try {
            outcome = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("interrupted while waiting for the guest", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the executor completes every outcome normally", e);
        }
        if (outcome.failure() != null) {
            throw outcome.failure().withServerTiming(outcome.serverTiming());
        }
        GuestResponse response = outcome.response();
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        headers.add(Map.entry(RequestExecutor.VERSION_HEADER, String.valueOf(outcome.version())));
        return new EdgeResponse(
                response.status(), headers, response.body(), outcome.requestId(), outcome.stats().fuelUsed(),
                outcome.serverTiming());
    }

    @Override
    public void close() {
        StartupDeploys deploys = startupDeploys;
        if (deploys != null) {
            deploys.close();
        }
        scheduledRuns.close();
        executor.close();
        monitor.close();
        runtime.close();
        fetchClients.close();
        backend.close();
        if (config.clientLocator() != null) {
            try {
                config.clientLocator().close();
            } catch (Exception e) {
                LOG.warn("the client locator did not close cleanly", e);
            }
        }
        if (config.tracer() != null) {
            try {
                config.tracer().close();
            } catch (Exception e) {
                LOG.warn("the request tracer did not close cleanly", e);
            }
        }
    }
}

package dev.edgehost.host.script;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FuelExhaustedException;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.GuestExitException;
import dev.edgehost.host.GuestTimeoutException;
import dev.edgehost.host.GuestTrapException;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.capability.FunctionLog;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.compile.ModuleCompiler;
import dev.edgehost.host.execution.ExecutionLimits;
import dev.edgehost.host.execution.GuestInvoker;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.instances.InstancePools;
import dev.edgehost.host.instances.InstanceSource;
import dev.edgehost.host.instances.LoadedSnapshot;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.store.FunctionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys JavaScript functions: the script is data for the one {@link JavaScriptEngine}. At
 * deploy, a new instance of the engine runs {@code _initialize} and the script's load with the
 * function's host functions (configuration, key-value store, fetch, log) under the deploy budget,
 * and the state it leaves is the snapshot every request starts from. Also warms the engine up at
 * start. Thread-safe.
 */
public final class ScriptFunctions {
    /** A script's load may use at least this much fuel, or the function's own budget when larger. */
    public static final long MIN_LOAD_FUEL = 1_000_000_000L;
    /** A script's load may take at least this long, or the function's own deadline when longer. */
    public static final Duration MIN_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ScriptFunctions.class);
    private static final String DEPLOY_REQUEST_ID = "deploy";
    private static final String WARM_UP_SCRIPT =
            "export default { async fetch(request) { return new Response('warm ' + new URL(request.url).pathname, "
                    + "{ headers: { 'content-type': 'text/plain' } }); } };";
    private static final int WARM_UP_REQUESTS = 60;
    private static final long WARM_UP_NANOS = Duration.ofMillis(1500).toNanos();

    private final ModuleCompiler compiler;
    private final GuestInvoker invoker;
    private final InstancePools pools;

    public ScriptFunctions(ModuleCompiler compiler, GuestInvoker invoker, InstancePools pools) {
        this.compiler = compiler;
        this.invoker = invoker;
        this.pools = pools;
    }

    /** The engine that runs scripts with this engine kind, compiled once for the JVM. */
    public CompiledModule engine(Engine engine) {
        return JavaScriptEngine.compiled(engine, compiler);
    }

    /**
     * Loads the deployment's script in the engine and makes its instances from the state the load
     * leaves.
     *
     * @throws ModuleRejectedException when the function's memory cap is below the engine's
     *     ({@code memory_too_large}), the script does not compile or its top level throws or runs
     *     past the deploy budget ({@code invalid_script}), or it registers no fetch handler
     *     ({@code missing_export})
     */
    public void prepare(Deployment deployment, CompiledModule engine) {
        FunctionLimits limits = deployment.settings().limits();
        int enginePages = engine.description().initialPages();
        if (enginePages > limits.memoryPages()) {
            throw new ModuleRejectedException(
                    HttpError.MEMORY_TOO_LARGE,
                    "the JavaScript engine needs at least " + enginePages + " pages of memory; the function's cap is "
                            + limits.memoryPages() + " pages");
        }
        FunctionLimits budget = loadBudget(limits);
        LoadedSnapshot loading = new LoadedSnapshot(engine, limits.memoryPages(), new ScriptLoad(deployment.wasm()));
        InvocationStats stats = new InvocationStats();
        long start = System.nanoTime();
        try {
            invoker.invoke(
                    deployment.withLimits(budget),
                    loading,
                    new GuestRequest("GET", "http://localhost/" + deployment.name(), List.of(), new byte[0]),
                    DEPLOY_REQUEST_ID,
                    new FunctionLog(deployment.name(), DEPLOY_REQUEST_ID),
                    stats);
        } catch (FuelExhaustedException e) {
            throw refused("its top level used up the deploy budget of " + budget.fuel() + " fuel", e);
        } catch (GuestTimeoutException e) {
            throw refused("its top level ran past the deploy deadline of " + budget.timeout().toMillis() + " ms", e);
        } catch (GuestTrapException | GuestExitException e) {
            throw refused("the engine stopped while loading it: " + e.getMessage(), e);
        }
        if (!loading.taken()) {
            throw new IllegalStateException("the load of " + deployment.name() + " completed without a snapshot");
        }
        pools.prepareLoaded(deployment, loading, ScriptErrorCheck.INSTANCE);
        LOG.info(
                "loaded script {} ({} bytes) in {} ms, {} fuel",
                deployment.name(),
                deployment.wasm().length,
                (System.nanoTime() - start) / 1_000_000,
                stats.fuelUsed());
    }

    private static ModuleRejectedException refused(String why, EdgeException cause) {
        return new ModuleRejectedException(HttpError.INVALID_SCRIPT, "the script does not load: " + why, cause);
    }

    /** The function's limits, with at least {@link #MIN_LOAD_FUEL} and {@link #MIN_LOAD_TIMEOUT}. */
    static FunctionLimits loadBudget(FunctionLimits limits) {
        return limits.toBuilder()
                .set(ExecutionLimits.FUEL, Math.max(limits.fuel(), MIN_LOAD_FUEL))
                .set(ExecutionLimits.TIMEOUT_MS, Math.max(limits.timeout().toMillis(), MIN_LOAD_TIMEOUT.toMillis()))
                .build();
    }

    /**
     * Runs a small built-in script a few dozen times on each engine kind, so that the JIT has
     * compiled the engine's hot paths before the first real request; the requests stop after
     * about 1.5 s. A failure is logged: the host serves without the warm-up.
     */
    public void warm(Set<Engine> engines) {
        for (Engine kind : engines) {
            try {
                warm(kind);
            } catch (RuntimeException e) {
                // Only a slower first request: the host serves without the warm-up.
                LOG.warn("could not warm up the JavaScript engine: {}", e.toString());
            }
        }
    }

    private void warm(Engine kind) {
        long start = System.nanoTime();
        CompiledModule engine = engine(kind);
        byte[] script = WARM_UP_SCRIPT.getBytes(StandardCharsets.UTF_8);
        Deployment warm =
                Deployment.of(
                        "edge-warm-up", FunctionStore.sha256(script), script, FunctionSettings.builder().engine(kind).build(),
                        engine.description(), Instant.now(), false, FunctionKind.JAVASCRIPT);
        prepare(warm, engine);
        long requests = System.nanoTime();
        try {
            InstanceSource source = pools.source(warm, engine);
            int runs = 0;
            while (runs < WARM_UP_REQUESTS && System.nanoTime() - requests < WARM_UP_NANOS) {
                GuestRequest request = new GuestRequest("GET", "http://localhost/edge-warm-up/" + runs, List.of(), new byte[0]);
                invoker.invoke(warm, source, request, "warm-up", (level, message) -> { }, new InvocationStats());
                runs++;
            }
            LOG.info("warmed up the JavaScript engine ({}) with {} requests in {} ms",
                    kind.name().toLowerCase(Locale.ROOT), runs, (System.nanoTime() - start) / 1_000_000);
        } finally {
            pools.remove(warm);
        }
    }
}

package dev.edgehost.host.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.management.ThreadMXBean;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.compile.DeployBudgets;
import dev.edgehost.host.compile.ModuleCompiler;
import dev.edgehost.host.instances.InstancePools;
import dev.edgehost.host.instances.InstanceSource;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiered execution of large modules: a module of at least {@link DeployBudgets#tieredModuleBytes}
 * deployed with the compiler serves at once on the interpreter, and is compiled to JVM bytecode in
 * the background, in turn with the other large modules ({@link DeployBudgets#maxConcurrentCompiles});
 * new requests then run the compiled code, on instances and snapshots rebuilt for it (a compiled
 * machine factory belongs to its module). Both tiers run the same fuel-instrumented module, so a
 * request uses the same fuel on either. A compile that fails, or runs past the compile timeout,
 * leaves the function on the interpreter and says so in its log and JSON. Thread-safe.
 */
final class TieredCompiles {
    private static final Logger LOG = LoggerFactory.getLogger(TieredCompiles.class);

    private final ModuleCompiler compiler;
    private final InstancePools pools;
    private final ScheduledExecutorService timers;
    private final DeployBudgets budgets;
    private final Cache<Deployment, TierState> tiers = Caffeine.newBuilder().weakKeys().build();
    private final ExecutorService threads;

    TieredCompiles(ModuleCompiler compiler, InstancePools pools, ScheduledExecutorService timers, DeployBudgets budgets) {
        this.compiler = compiler;
        this.pools = pools;
        this.timers = timers;
        this.budgets = budgets;
        AtomicLong count = new AtomicLong();
        // A thread per waiting compile: the compile slots, not this pool, bound how many compile at once.
        this.threads =
                Executors.newCachedThreadPool(
                        runnable -> {
                            Thread thread = new Thread(runnable, "edge-tier-compile-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            thread.setContextClassLoader(TieredCompiles.class.getClassLoader());
                            thread.setPriority(Thread.MIN_PRIORITY);
                            return thread;
                        });
    }

    /** Whether a module of this size, deployed with the compiler, serves on the interpreter first. */
    boolean tiered(long moduleBytes) {
        return moduleBytes >= budgets.tieredModuleBytes();
    }

    /** A deployment that serves on the interpreter until {@link #start} has compiled it. */
    void register(Deployment deployment, CompiledModule interpreted) {
        tiers.put(deployment, new TierState(interpreted));
    }

    /** The code that serves a tiered deployment now, or {@code null} for one that is not tiered. */
    CompiledModule serving(Deployment deployment) {
        TierState state = tiers.getIfPresent(deployment);
        return state == null ? null : state.serving();
    }

    /** Where a tiered deployment's compile is, or {@code null} for one that is not tiered. */
    TierInfo info(Deployment deployment) {
        TierState state = tiers.getIfPresent(deployment);
        return state == null ? null : state.info();
    }

    /**
     * Compiles a registered deployment in the background, now that it serves.
     *
     * @param current whether the deployment still serves: a replaced one is not compiled
     */
    void start(Deployment deployment, BooleanSupplier current) {
        TierState state = tiers.getIfPresent(deployment);
        if (state != null) {
            threads.execute(() -> compile(deployment, state, current));
        }
    }

    private void compile(Deployment deployment, TierState state, BooleanSupplier current) {
        String name = deployment.name();
        int bytes = deployment.wasm().length;
        long[] started = new long[2];
        ScheduledFuture<?>[] watchdog = new ScheduledFuture<?>[1];
        try {
            if (!current.getAsBoolean()) {
                state.failed("replaced before its compile began");
                return;
            }
            CompiledModule compiled =
                    compiler.compileTier(
                            state.serving(),
                            () -> {
                                state.compiling();
                                started[0] = System.nanoTime();
                                started[1] = allocatedBytes();
                                watchdog[0] = timers.schedule(
                                        () -> timedOut(deployment, state), budgets.compileTimeout().toMillis(), TimeUnit.MILLISECONDS);
                                LOG.atInfo()
                                        .addKeyValue("event", "compile_start")
                                        .addKeyValue("function", name)
                                        .addKeyValue("bytes", bytes)
                                        .log("compiling {} ({} bytes) in the background; it serves on the interpreter meanwhile",
                                                name, bytes);
                            });
            watchdog[0].cancel(false);
            long millis = (System.nanoTime() - started[0]) / 1_000_000;
            if (!current.getAsBoolean()) {
                state.failed("replaced before its compile finished");
                return;
            }
            InstanceSource source = pools.build(deployment, compiled);
            if (!state.ready(compiled)) {
                return;
            }
            pools.swap(deployment, source);
            long allocated = allocatedBytes() - started[1];
            LOG.atInfo()
                    .addKeyValue("event", "compile_done")
                    .addKeyValue("function", name)
                    .addKeyValue("bytes", bytes)
                    .addKeyValue("ms", millis)
                    .addKeyValue("allocatedBytes", allocated)
                    .log("compiled {} ({} bytes) in {} ms ({} MB/s, {} MB allocated); new requests run the compiled code",
                            name, bytes, millis, String.format(Locale.ROOT, "%.2f", bytes / 1e3 / Math.max(1, millis)),
                            allocated >> 20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.failed("the host stopped before the compile was done");
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            if (watchdog[0] != null) {
                watchdog[0].cancel(false);
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // A refusal by the deploy budgets says itself what it is; anything else is the compiler's.
            if (state.failed(e instanceof ModuleRejectedException ? why : "the compiler failed: " + why)) {
                LOG.atWarn()
                        .addKeyValue("event", "compile_failed")
                        .addKeyValue("function", name)
                        .addKeyValue("bytes", bytes)
                        .log("the background compile of {} ({} bytes) failed: {}; it keeps serving on the interpreter",
                                name, bytes, why);
            }
        }
    }

    private void timedOut(Deployment deployment, TierState state) {
        long limit = budgets.compileTimeout().toMillis();
        if (state.failed("the compile ran past " + limit + " ms (" + DeployBudgets.COMPILE_TIMEOUT + ")")) {
            LOG.atWarn()
                    .addKeyValue("event", "compile_failed")
                    .addKeyValue("function", deployment.name())
                    .addKeyValue("bytes", deployment.wasm().length)
                    .log("the background compile of {} ran past {} ms ({}); it keeps serving on the interpreter, and the"
                            + " compile's result will be dropped", deployment.name(), limit, DeployBudgets.COMPILE_TIMEOUT);
        }
    }

    /** The bytes the calling thread has allocated so far, where the JVM counts them; else 0. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean threads) {
            return Math.max(0, threads.getCurrentThreadAllocatedBytes());
        }
        return 0;
    }

    void close() {
        threads.shutdownNow();
    }
}

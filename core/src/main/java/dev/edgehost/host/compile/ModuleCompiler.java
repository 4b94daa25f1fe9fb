package dev.edgehost.host.compile;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.HostFailureException;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.fuel.FuelInstrumenter;
import dev.edgehost.host.fuel.InstrumentationException;
import dev.edgehost.host.fuel.InstrumentedModule;
import dev.edgehost.host.registry.Deployment;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses, checks, instruments for fuel and compiles modules, and keeps the results in a cache keyed by the module's
 * SHA-256, engine and requested mode, bounded by the total size of the cached modules. An evicted module is
 * compiled again from its bytes on its next request. An upload is held to the host's {@link
 * DeployBudgets}: its functions and code are counted before anything else, and it is checked and
 * compiled on a compile thread that the upload abandons at the compile timeout; the thread stops
 * at the next step it takes. Thread-safe.
 */
public final class ModuleCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleCompiler.class);
    /** Uploads compile at most this many at once; the rest wait, within their compile timeout. */
    private static final int COMPILE_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final Cache<CacheKey, CompiledModule> cache;
    private final AtomicLong compilations = new AtomicLong();
    private final com.dylibso.chicory.compiler.Cache compiledCode;
    private final DeployBudgets budgets;
    private final ExecutorService compileThreads;
    /**
     * Background compiles of large modules take minutes: at most {@link DeployBudgets#maxConcurrentCompiles}
     * at once, in turn. Small modules compile at their upload, on the compile threads, and never
     * wait behind a large one.
     */
    private final Semaphore compileSlots;

    /** @param compiledCode where compiled classes are kept across restarts, or {@code null} */
    public ModuleCompiler(long maxCachedModuleBytes, com.dylibso.chicory.compiler.Cache compiledCode, DeployBudgets budgets) {
        this.compiledCode = compiledCode;
        this.budgets = budgets;
        this.compileThreads = DaemonPool.of("edge-compile", COMPILE_THREADS);
        this.compileSlots = new Semaphore(budgets.maxConcurrentCompiles(), true);
        this.cache =
                Caffeine.newBuilder()
                        .maximumWeight(maxCachedModuleBytes)
                        .weigher((CacheKey key, CompiledModule compiled) -> compiled.weight())
                        .recordStats()
                        .build();
    }

    /**
     * Parses, validates, checks and compiles an uploaded module within the host's deploy budgets,
     * and caches the result.
     *
     * @throws ModuleRejectedException when the module is malformed, invalid or breaks the ABI's
     *     module shape, the limits or the deploy budgets (compiling it took too long, among them)
     */
    public CompiledModule compile(byte[] wasm, String sha256, Engine engine, FunctionLimits limits, FunctionMode mode) {
        TextFormatCheck.check(wasm);
        ModuleSizeCheck.check(wasm);
        ModuleBudgetCheck.check(wasm, budgets);
        DeployHeap.checkUpload(wasm, engine == Engine.COMPILER, budgets);
        Future<CompiledModule> compiling =
                compileThreads.submit(() -> compileStored(wasm, sha256, engine, limits, mode));
        try {
            return compiling.get(budgets.compileTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            compiling.cancel(true);
            throw new ModuleRejectedException(
                    HttpError.UPLOAD_TOO_LARGE,
                    "the module is larger than this host accepts: checking and compiling it took longer than "
                            + budgets.compileTimeout().toMillis() + " ms (" + DeployBudgets.COMPILE_TIMEOUT + ")",
                    e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            compiling.cancel(true);
            Thread.currentThread().interrupt();
            throw new HostFailureException("interrupted while compiling a module", e);
        }
    }

    /**
     * Like {@link #compile} for a module the host accepted earlier and stored, on the calling
     * thread and without the deploy budgets: a function once deployed is not dropped because the
     * host is busy when it starts.
     */
    public CompiledModule compileStored(byte[] wasm, String sha256, Engine engine, FunctionLimits limits, FunctionMode mode) {
        compilations.incrementAndGet();
        CompiledModule compiled = compileUncached(wasm, engine, limits, mode);
        cache.put(new CacheKey(sha256, engine, mode), compiled);
        return compiled;
    }

    /**
     * Like {@link #compileStored}, but a module the cache holds already, such as the code of an
     * earlier version that a rollback or a traffic split serves again, is not compiled again.
     */
    public CompiledModule cachedOrCompileStored(
            byte[] wasm, String sha256, Engine engine, FunctionLimits limits, FunctionMode mode) {
        CompiledModule cached = cache.asMap().get(new CacheKey(sha256, engine, mode));
        return cached != null ? cached : compileStored(wasm, sha256, engine, limits, mode);
    }

    /**
     * Checks and compiles a module that the caller keeps itself, outside this compiler's cache and
     * its count of compilations (the JavaScript engine, compiled once for every script); with a
     * data dir the compiled classes are still kept on disk.
     *
     * @throws ModuleRejectedException as {@link #compile} does
     */
    public CompiledModule compileKept(byte[] wasm, Engine engine) {
        return compileUncached(wasm, engine, FunctionLimits.defaults(), FunctionMode.ABI);
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /** The compiled module for a deployment, compiling it again if it was evicted. */
    public CompiledModule compiled(Deployment deployment) {
        return cache.get(
                new CacheKey(deployment.sha256(), deployment.settings().engine(), deployment.settings().mode()),
                key -> {
                    compilations.incrementAndGet();
                    return compileUncached(deployment.wasm(), key.engine(), deployment.settings().limits(), key.mode());
                });
    }

    /**
     * The compiled module for a deployment, as {@link #compiled} returns it, without counting a
     * cache hit: for looking at the module (say, at start), not for running a request.
     */
    public CompiledModule cachedOrCompiled(Deployment deployment) {
        CompiledModule cached =
                cache.asMap().get(new CacheKey(deployment.sha256(), deployment.settings().engine(), deployment.settings().mode()));
        return cached != null ? cached : compiled(deployment);
    }

        /** Modules compiled so far, at deploys and after evictions. */
    public long compilations() {
        return compilations.get();
    }

    /** Drops the cached compiled modules of {@code sha256}, in every engine and mode: no deployment runs it any more. */
    public void forget(String sha256) {
        cache.asMap().keySet().removeIf(key -> key.sha256().equals(sha256));
    }

    /** Compiled modules the cache holds. */
    public long cachedModules() {
        return cache.asMap().size();
    }

    /** Lookups of compiled modules for requests that found them cached. */
    public long cacheHits() {
        return cache.stats().hitCount();
    }

    private CompiledModule compileUncached(byte[] wasm, Engine engine, FunctionLimits limits, FunctionMode mode) {
        TextFormatCheck.check(wasm);
        ModuleSizeCheck.check(wasm);
        Checked checked = checkedOnce(wasm);
        if (checked == null) {
            checked = checkedStepByStep(wasm, limits, mode);
        }
        stopIfAbandoned();
        WasmModule module = checked.module();
        ModuleDescription description = inspect(module, limits, mode);
        checkLinks(module);
        stopIfAbandoned();
        Function<Instance, Machine> machineFactory = engine == Engine.COMPILER ? compileToBytecode(module) : null;
        InstrumentedModule instrumented = checked.instrumented();
        return new CompiledModule(
                module, instrumented, machineFactory, description, engine, instrumented.wasm().length, importModules(module));
    }

    /**
     * A valid upload is parsed and validated once, in its instrumented form: the instrumenter
     * refuses any index that instrumenting would make valid ({@link UploadIndices} and the
     * instrumenter's own check of code), so the instrumented module validates only if the upload
     * does. Imports and exports are the upload's, so the ABI checks and the link check read it as
     * well. A large module is instrumented, parsed and validated on every core ({@link ChunkedParse}). Any
     * failure here goes the step-by-step way, which gives the message the upload earns.
     *
     * @return the checked module, or {@code null} when the upload must be checked step by step
     */
    private static Checked checkedOnce(byte[] wasm) {
        try {
            InstrumentedModule instrumented = FuelInstrumenter.instrument(wasm, ChunkedParse.threads(), ChunkedParse.runs(wasm));
            stopIfAbandoned();
            ModuleSizeCheck.check(instrumented.wasm());
            WasmModule module = ChunkedParse.parse(instrumented.wasm());
            if (module == null) {
                module = Parser.parse(instrumented.wasm());
            }
            stopIfAbandoned();
            return UploadIndices.withinUpload(module, instrumented) ? new Checked(module, instrumented) : null;
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException | AssertionError | OutOfMemoryError e) {
            // The bytes are untrusted: whatever the instrumenter or the parser throws is for the
            // step-by-step check to explain, in the words it always used.
            return null;
        }
    }

    /**
     * The upload as uploaded parsed, validated and checked first, then instrumented, and the
     * instrumented module parsed, which validates it too: a module the instrumenter broke never
     * runs. Only for an upload the one-pass check did not take, so its refusal names the first
     * thing wrong with it.
     */
    private static Checked checkedStepByStep(byte[] wasm, FunctionLimits limits, FunctionMode mode) {
        WasmModule original = parse(wasm);
        inspect(original, limits, mode);
        checkLinks(original);
        stopIfAbandoned();
        InstrumentedModule instrumented = instrument(wasm);
        stopIfAbandoned();
        return new Checked(parse(instrumented.wasm()), instrumented);
    }

    private record Checked(WasmModule module, InstrumentedModule instrumented) {}

    /** An upload that gave up waiting has cancelled its compile, which interrupts the compile thread. */
    private static void stopIfAbandoned() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the upload stopped waiting for this compile");
        }
    }

    private static Set<String> importModules(WasmModule module) {
        Set<String> modules = new HashSet<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            modules.add(module.importSection().getImport(i).module());
        }
        return Set.copyOf(modules);
    }

    /**
     * Some invalid modules (duplicate export names, for one) pass Chicory's parser and fail only
     * when instantiated; linking a module against stand-in imports, without running anything,
     * refuses them at deploy time instead of on every request.
     */
    private static void checkLinks(WasmModule module) {
        ImportValues.Builder imports = ImportValues.builder();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            FunctionImport function = (FunctionImport) module.importSection().getImport(i);
            imports.addFunction(
                    new HostFunction(
                            function.module(),
                            function.name(),
                            module.typeSection().getType(function.typeIndex()),
                            (instance, args) -> {
                                throw new IllegalStateException("a stand-in import is never called");
                            }));
        }
        try {
            Instance.builder(module)
                    .withInitialize(false)
                    .withImportValues(imports.build())
                    .withMemoryFactory(declared -> new ByteArrayMemory(new MemoryLimits(0, 0)))
                    .build();
        } catch (ChicoryException e) {
            throw new ModuleRejectedException(HttpError.INVALID_MODULE, "not a valid Wasm module: " + e.getMessage(), e);
        }
    }

    /**
     * The ABI check reads indices the parser leaves unchecked until link time (an import's type,
     * an export's function); one that points nowhere makes the module invalid.
     */
    private static ModuleDescription inspect(WasmModule module, FunctionLimits limits, FunctionMode mode) {
        try {
            return ModuleInspector.inspect(module, limits, mode);
        } catch (ChicoryException | IndexOutOfBoundsException e) {
            throw new ModuleRejectedException(HttpError.INVALID_MODULE, "not a valid Wasm module: " + e.getMessage(), e);
        }
    }

    private static InstrumentedModule instrument(byte[] wasm) {
        try {
            return FuelInstrumenter.instrument(wasm);
        } catch (InstrumentationException e) {
            throw new ModuleRejectedException(
                    HttpError.INVALID_MODULE,
                    e.namesProposal() ? "the module " + e.getMessage() : "the host cannot meter this module: " + e.getMessage(),
                    e);
        }
    }

    private Function<Instance, Machine> compileToBytecode(WasmModule module) {
        if (compiledCode != null) {
            try {
                return bytecodeCompiler(module).withCache(compiledCode).compile();
            } catch (RuntimeException | LinkageError e) {
                // A cached entry that does not load is only a miss: compile as if there were none.
                LOG.warn("compiled module from disk unusable, compiling again: {}", e.toString());
            }
        }
        try {
            return bytecodeCompiler(module).compile();
        } catch (RuntimeException e) {
            throw new ModuleRejectedException(
                    HttpError.INVALID_MODULE,
                    "the module cannot be compiled: " + e.getMessage() + "; deploy it with engine=interpreter",
                    e);
        }
    }

    /**
     * Functions too large for one JVM method fall back to the interpreter, silently and
     * deterministically, rather than failing the deploy.
     */
    private static MachineFactoryCompiler.Builder bytecodeCompiler(WasmModule module) {
        return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT);
    }

    private static WasmModule parse(byte[] wasm) {
        TextFormatCheck.check(wasm);
        ModuleSizeCheck.check(wasm);
        try {
            return Parser.parse(wasm);
        } catch (ChicoryException e) {
            throw new ModuleRejectedException(HttpError.INVALID_MODULE, "not a valid Wasm module: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError e) {
            // The parser reads untrusted bytes; whatever it throws on them means the bytes are bad,
            // including its own assertions, which fuzzing showed malformed code sections can trip.
            throw new ModuleRejectedException(
                    HttpError.INVALID_MODULE, "not a valid Wasm module: " + e.getClass().getSimpleName(), e);
        } catch (OutOfMemoryError e) {
            // A size the parser read from the bytes and allocated for; ModuleSizeCheck refuses the
            // forms it knows first. The failed array was never handed out, so nothing is held.
            throw new ModuleRejectedException(HttpError.INVALID_MODULE, "not a valid Wasm module: it declares sizes beyond any limit", e);
        }
    }

    /**
     * Compiles a module checked and instrumented for the interpreter to JVM bytecode, in the
     * background of a deploy that serves it on the interpreter meanwhile: the very same
     * instrumented module, so a request uses the same fuel on both. Waits for a compile slot
     * first; {@code started} runs once it has one.
     *
     * @throws ModuleRejectedException when Chicory's compiler cannot compile the module, or its
     *     compile would take more heap than {@link DeployBudgets#maxDeployHeapBytes} (checked first)
     * @throws InterruptedException when interrupted while waiting for a slot
     */
    public CompiledModule compileTier(CompiledModule interpreted, Runnable started) throws InterruptedException {
        String refusal = DeployHeap.compileRefusal(ModuleBudgetCheck.codeBytes(interpreted.instrumented().wasm()), budgets);
        if (refusal != null) {
            throw new ModuleRejectedException(HttpError.UPLOAD_TOO_LARGE, refusal);
        }
        compileSlots.acquire();
        try {
            started.run();
            compilations.incrementAndGet();
            Function<Instance, Machine> machineFactory = compileToBytecode(interpreted.module());
            return new CompiledModule(
                    interpreted.module(), interpreted.instrumented(), machineFactory, interpreted.description(), Engine.COMPILER,
                    interpreted.weight(), interpreted.importModules());
        } finally {
            compileSlots.release();
        }
    }

    /** The requested mode is part of the key: it decides the module's entry point. */
    private record CacheKey(String sha256, Engine engine, FunctionMode mode) {}
}

package dev.edgehost.host.compile;

import java.time.Duration;
import java.util.Objects;

/**
 * What one upload may cost the host to check and compile, and how much code it keeps deployed in
 * all: host settings, the same for every function. An upload over any of them is refused with
 * {@code upload_too_large} (413), in a message naming the setting. Immutable.
 *
 * @param maxFunctions the most functions, imported and defined, one module may have
 * @param maxFunctionCodeBytes the largest body of one function, in bytes of the code section
 * @param maxModuleCodeBytes the largest code section of one module
 * @param maxTotalCodeBytes the most code section bytes of all deployed functions together
 * @param compileTimeout the longest checking and compiling one uploaded module may take; for a
 *     module compiled in the background (see {@code tieredModuleBytes}), the longest its compile to
 *     JVM bytecode may take before it stays on the interpreter
 * @param maxConcurrentCompiles how many large modules are compiled to JVM bytecode in the
 *     background at once; the others wait their turn
 * @param tieredModuleBytes modules of at least this size deployed with the compiler serve at once
 *     on the interpreter while they compile in the background, then switch to the compiled code
 * @param maxDeployHeapBytes the most heap checking and compiling one module may take, as {@link
 *     DeployHeap} estimates it from the module's code before starting: an upload over it is refused,
 *     a module compiled in the background over it stays on the interpreter
 */
public record DeployBudgets(
        int maxFunctions,
        long maxFunctionCodeBytes,
        long maxModuleCodeBytes,
        long maxTotalCodeBytes,
        Duration compileTimeout,
        int maxConcurrentCompiles,
        long tieredModuleBytes,
        long maxDeployHeapBytes) {
    public static final String MAX_FUNCTIONS = "max-module-functions";
    public static final String MAX_FUNCTION_CODE_BYTES = "max-function-code-bytes";
    public static final String MAX_MODULE_CODE_BYTES = "max-module-code-bytes";
    public static final String MAX_TOTAL_CODE_BYTES = "max-total-code-bytes";
    public static final String COMPILE_TIMEOUT = "compile-timeout-ms";
    public static final String MAX_CONCURRENT_COMPILES = "max-concurrent-compiles";
    public static final String TIERED_MODULE_BYTES = "tiered-module-bytes";
    public static final String MAX_DEPLOY_HEAP_BYTES = "max-deploy-heap-bytes";

    public static final int DEFAULT_MAX_FUNCTIONS = 50_000;
    public static final long DEFAULT_MAX_FUNCTION_CODE_BYTES = 1L << 20;
    public static final long DEFAULT_MAX_MODULE_CODE_BYTES = 32L << 20;
    public static final long DEFAULT_MAX_TOTAL_CODE_BYTES = 1L << 30;
    public static final Duration DEFAULT_COMPILE_TIMEOUT = Duration.ofSeconds(60);
    /** Half the cores, at least one: compiling never takes all of them from serving. */
    public static final int DEFAULT_MAX_CONCURRENT_COMPILES = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    public static final long DEFAULT_TIERED_MODULE_BYTES = 1L << 20;
    /** Half the JVM's heap: a deploy never takes the heap that serving needs. */
    public static final long DEFAULT_MAX_DEPLOY_HEAP_BYTES = Runtime.getRuntime().maxMemory() / 2;

    public DeployBudgets {
        Objects.requireNonNull(compileTimeout, "compileTimeout");
        if (maxConcurrentCompiles < 1) {
            throw new IllegalArgumentException(MAX_CONCURRENT_COMPILES + " must be positive: " + maxConcurrentCompiles);
        }
        if (tieredModuleBytes < 1) {
            throw new IllegalArgumentException(TIERED_MODULE_BYTES + " must be positive: " + tieredModuleBytes);
        }
        if (maxDeployHeapBytes < 1) {
            throw new IllegalArgumentException(MAX_DEPLOY_HEAP_BYTES + " must be positive: " + maxDeployHeapBytes);
        }
    }

    /** The budgets with the default {@link #maxDeployHeapBytes}. */
    public DeployBudgets(
            int maxFunctions,
            long maxFunctionCodeBytes,
            long maxModuleCodeBytes,
            long maxTotalCodeBytes,
            Duration compileTimeout,
            int maxConcurrentCompiles,
            long tieredModuleBytes) {
        this(maxFunctions, maxFunctionCodeBytes, maxModuleCodeBytes, maxTotalCodeBytes, compileTimeout, maxConcurrentCompiles,
                tieredModuleBytes, DEFAULT_MAX_DEPLOY_HEAP_BYTES);
    }

    /**
     * The defaults: 50,000 functions, 1 MiB per function, 32 MiB per module, 1 GiB in all, 60 s to
     * compile, half the cores compiling at once, modules of 1 MiB and more served on the interpreter
     * first, half the heap per deploy.
     */
    public static DeployBudgets defaults() {
        return new DeployBudgets(
                DEFAULT_MAX_FUNCTIONS,
                DEFAULT_MAX_FUNCTION_CODE_BYTES,
                DEFAULT_MAX_MODULE_CODE_BYTES,
                DEFAULT_MAX_TOTAL_CODE_BYTES,
                DEFAULT_COMPILE_TIMEOUT,
                DEFAULT_MAX_CONCURRENT_COMPILES,
                DEFAULT_TIERED_MODULE_BYTES,
                DEFAULT_MAX_DEPLOY_HEAP_BYTES);
    }
}

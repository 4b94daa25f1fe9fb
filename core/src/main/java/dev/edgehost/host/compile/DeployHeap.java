package dev.edgehost.host.compile;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.ModuleRejectedException;
import java.util.Locale;

/**
 * What checking and compiling a module costs in heap, estimated from the size of its code before
 * either starts, and held to {@link DeployBudgets#maxDeployHeapBytes}: a deploy that would not fit
 * is refused up front, or, for a module compiled in the background, left on the interpreter,
 * rather than growing the process until it fails. Checking keeps the parsed module (Chicory's
 * instructions are objects, several per code byte); compiling builds a class per function on top of
 * it. The factors are upper bounds of what {@code LargeModuleReport} measured, synthetic and real
 * modules alike ({@code docs/benchmarks.md}). Stateless.
 */
public final class DeployHeap {
    /** Heap that checking takes per byte of code: the parsed, validated instrumented module. */
    static final long CHECK_BYTES_PER_CODE_BYTE = 48;
    /** Heap that compiling to JVM bytecode takes per byte of code, on top of checking. */
    static final long COMPILE_BYTES_PER_CODE_BYTE = 128;

    private DeployHeap() {}

    /** The estimated heap to check a module with this much code. */
    public static long toCheck(long codeBytes) {
        return codeBytes * CHECK_BYTES_PER_CODE_BYTE;
    }

    /** The estimated heap to check a module with this much code and compile it to bytecode. */
    public static long toCompile(long codeBytes) {
        return codeBytes * (CHECK_BYTES_PER_CODE_BYTE + COMPILE_BYTES_PER_CODE_BYTE);
    }

    /**
     * Refuses an upload whose check, and compile when {@code compiled}, would need more heap than
     * the budget: {@code upload_too_large} (413), naming the setting.
     */
    static void checkUpload(byte[] wasm, boolean compiled, DeployBudgets budgets) {
        long code = ModuleBudgetCheck.codeBytes(wasm);
        long needed = compiled ? toCompile(code) : toCheck(code);
        if (needed > budgets.maxDeployHeapBytes()) {
            throw new ModuleRejectedException(
                    HttpError.UPLOAD_TOO_LARGE,
                    "the module is larger than this host accepts: " + (compiled ? "checking and compiling" : "checking")
                            + " its " + code + " bytes of code needs an estimated " + megabytes(needed)
                            + " of heap; this host allows " + megabytes(budgets.maxDeployHeapBytes()) + " per deploy ("
                            + DeployBudgets.MAX_DEPLOY_HEAP_BYTES + ")" + (compiled ? "; deploy it with engine=interpreter" : ""));
        }
    }

    /**
     * Why a module checked for the interpreter is not compiled in the background, or {@code null}
     * when its compile fits the budget.
     */
    static String compileRefusal(long codeBytes, DeployBudgets budgets) {
        long needed = toCompile(codeBytes);
        if (needed <= budgets.maxDeployHeapBytes()) {
            return null;
        }
        return "not compiled: compiling its " + codeBytes + " bytes of code needs an estimated " + megabytes(needed)
                + " of heap; this host allows " + megabytes(budgets.maxDeployHeapBytes()) + " per deploy ("
                + DeployBudgets.MAX_DEPLOY_HEAP_BYTES + "); it serves on the interpreter";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", bytes >> 20);
    }
}

package dev.edgehost.host.compile;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.ModuleRejectedException;

/**
 * Refuses an upload whose functions or code exceed the host's {@link DeployBudgets}, from the
 * section headers and counts alone, before the parser, the instrumenter or the compiler spend
 * time and memory on it: one pass over the bytes, in well under a second for any upload.
 * Malformed bytes it cannot read are left to the parser to refuse.
 */
public final class ModuleBudgetCheck extends ModuleBytes {
    private static final int IMPORT = 2;
    private static final int FUNCTION = 3;
    private static final int CODE = 10;
    private static final int KIND_FUNCTION = 0;
    private static final int KIND_TABLE = 1;
    private static final int KIND_MEMORY = 2;
    private static final int KIND_GLOBAL = 3;

    private ModuleBudgetCheck(byte[] wasm) {
        super(wasm);
    }

    /** @throws ModuleRejectedException as {@code upload_too_large} when a budget is exceeded */
    static void check(byte[] wasm, DeployBudgets budgets) {
        if (wasm.length >= HEADER_BYTES) {
            new ModuleBudgetCheck(wasm).sections(budgets);
        }
    }

    /** The bytes of a module's code section, 0 when it has none or it cannot be read. */
    public static long codeBytes(byte[] wasm) {
        ModuleBudgetCheck reader = new ModuleBudgetCheck(wasm);
        reader.at = HEADER_BYTES;
        while (reader.at < wasm.length) {
            int id = wasm[reader.at++] & 0xFF;
            long size = reader.u32();
            if (size < 0 || size > wasm.length - reader.at) {
                return 0;
            }
            if (id == CODE) {
                return size;
            }
            reader.at += (int) size;
        }
        return 0;
    }

    private void sections(DeployBudgets budgets) {
        at = HEADER_BYTES;
        long functions = 0;
        while (at < wasm.length) {
            int id = wasm[at++] & 0xFF;
            long size = u32();
            if (size < 0 || size > wasm.length - at) {
                return;
            }
            int end = at + (int) size;
            if (id == IMPORT) {
                long imported = importedFunctions(end);
                if (imported < 0) {
                    return;
                }
                functions += imported;
            } else if (id == FUNCTION) {
                long defined = u32();
                if (defined < 0) {
                    return;
                }
                functions += defined;
            } else if (id == CODE) {
                checkFunctions(functions, budgets);
                if (size > budgets.maxModuleCodeBytes()) {
                    reject("its code is " + size + " bytes; this host accepts at most " + budgets.maxModuleCodeBytes()
                            + " bytes of code per module (" + DeployBudgets.MAX_MODULE_CODE_BYTES + ")");
                }
                functionBodies(end, budgets);
            }
            at = end;
        }
        checkFunctions(functions, budgets);
    }

    private static void checkFunctions(long functions, DeployBudgets budgets) {
        if (functions > budgets.maxFunctions()) {
            reject("it has " + functions + " functions; this host accepts at most " + budgets.maxFunctions()
                    + " functions per module (" + DeployBudgets.MAX_FUNCTIONS + ")");
        }
    }

    /** How many functions the import section imports, or -1 when it cannot be read. */
    private long importedFunctions(int end) {
        long count = u32();
        long functions = 0;
        for (long i = 0; i < count && at < end; i++) {
            if (!skipName() || !skipName() || at >= end) {
                return -1;
            }
            int kind = wasm[at++] & 0xFF;
            switch (kind) {
                case KIND_FUNCTION:
                    functions++;
                    u32();
                    break;
                case KIND_TABLE:
                    at++;
                    skipLimits();
                    break;
                case KIND_MEMORY:
                    skipLimits();
                    break;
                case KIND_GLOBAL:
                    at += 2;
                    break;
                default:
                    return -1;
            }
        }
        return functions;
    }

    private void functionBodies(int end, DeployBudgets budgets) {
        long count = u32();
        for (long function = 0; function < count && at < end; function++) {
            long size = u32();
            if (size < 0) {
                return;
            }
            if (size > budgets.maxFunctionCodeBytes()) {
                reject("its function " + function + " has " + size + " bytes of code; this host accepts at most "
                        + budgets.maxFunctionCodeBytes() + " per function (" + DeployBudgets.MAX_FUNCTION_CODE_BYTES + ")");
            }
            at += (int) Math.min(size, end - at);
        }
    }

    private boolean skipName() {
        long length = u32();
        if (length < 0 || length > wasm.length - at) {
            return false;
        }
        at += (int) length;
        return true;
    }

    private void skipLimits() {
        if (at >= wasm.length) {
            return;
        }
        int flags = wasm[at++] & 0xFF;
        u32();
        if ((flags & 1) != 0) {
            u32();
        }
    }

    private static void reject(String why) {
        throw new ModuleRejectedException(HttpError.UPLOAD_TOO_LARGE, "the module is larger than this host accepts: " + why);
    }
}

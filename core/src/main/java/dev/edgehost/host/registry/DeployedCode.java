package dev.edgehost.host.registry;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.compile.DeployBudgets;
import dev.edgehost.host.compile.ModuleBudgetCheck;
import java.util.Collection;

/** The host's budget for the code of all deployed functions together (a {@link DeployBudgets} setting). */
final class DeployedCode {

    private DeployedCode() {}

    /**
     * Refuses to deploy {@code wasm} under {@code name} when the code of every other deployed
     * function and its own would be more than {@code maxTotalCodeBytes}; the version it replaces
     * does not count.
     *
     * @throws ModuleRejectedException as {@code upload_too_large}
     */
    static void check(Collection<Deployment> deployed, String name, byte[] wasm, long maxTotalCodeBytes) {
        long others = 0;
        for (Deployment deployment : deployed) {
            // A script's code is the engine's, compiled once for every script.
            if (!deployment.name().equals(name) && deployment.kind() == FunctionKind.WASM) {
                others += ModuleBudgetCheck.codeBytes(deployment.wasm());
            }
        }
        long own = ModuleBudgetCheck.codeBytes(wasm);
        if (others + own > maxTotalCodeBytes) {
            throw new ModuleRejectedException(
                    HttpError.UPLOAD_TOO_LARGE,
                    "the module is larger than this host accepts: its " + own + " bytes of code and the " + others
                            + " bytes of the functions deployed are more than " + maxTotalCodeBytes + " ("
                            + DeployBudgets.MAX_TOTAL_CODE_BYTES + ")");
        }
    }
}

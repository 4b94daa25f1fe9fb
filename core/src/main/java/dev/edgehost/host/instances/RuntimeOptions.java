package dev.edgehost.host.instances;

import dev.edgehost.host.compile.DeployBudgets;
import java.nio.file.Path;

/**
 * How the runtime keeps instances and compiled code between requests.
 *
 * @param compiledCodeDir where compiled modules are kept on disk so that a restart does not
 *     compile them again, or {@code null} to keep them in memory only
 * @param pooling whether instances are pooled and restored to a snapshot for each request;
 *     without, every request builds a fresh instance
 * @param poolBytes how much memory the idle pooled instances of all functions may hold together
 * @param deployBudgets what an upload may cost to compile, and how much code may be deployed
 */
public record RuntimeOptions(Path compiledCodeDir, boolean pooling, long poolBytes, DeployBudgets deployBudgets) {

    /** Pooling on, an eighth of the heap for idle instances, no compiled code on disk, the default budgets. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(null, true, Runtime.getRuntime().maxMemory() / 8, DeployBudgets.defaults());
    }

    public RuntimeOptions withCompiledCodeDir(Path dir) {
        return new RuntimeOptions(dir, pooling, poolBytes, deployBudgets);
    }

    public RuntimeOptions withPooling(boolean enabled) {
        return new RuntimeOptions(compiledCodeDir, enabled, poolBytes, deployBudgets);
    }

    public RuntimeOptions withDeployBudgets(DeployBudgets budgets) {
        return new RuntimeOptions(compiledCodeDir, pooling, poolBytes, budgets);
    }
}

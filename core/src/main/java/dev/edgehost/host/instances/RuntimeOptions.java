package dev.edgehost.host.instances;

import java.nio.file.Path;

/**
 * How the runtime keeps instances and compiled code between requests.
 *
 * @param compiledCodeDir where compiled modules are kept on disk so that a restart does not
 *     compile them again, or {@code null} to keep them in memory only
 * @param pooling whether instances are pooled and restored to a snapshot for each request;
 *     without, every request builds a fresh instance
 * @param poolBytes how much memory the idle pooled instances of all functions may hold together
 */
public record RuntimeOptions(Path compiledCodeDir, boolean pooling, long poolBytes) {

    /** Pooling on, an eighth of the heap for idle instances, no compiled code on disk. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(null, true, Runtime.getRuntime().maxMemory() / 8);
    }

    public RuntimeOptions withCompiledCodeDir(Path dir) {
        return new RuntimeOptions(dir, pooling, poolBytes);
    }

    public RuntimeOptions withPooling(boolean enabled) {
        return new RuntimeOptions(compiledCodeDir, enabled, poolBytes);
    }
}

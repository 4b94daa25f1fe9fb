package dev.edgehost.host.instances;

import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.EdgeRuntime;

/** Runtimes for tests: functions in memory only, an in-memory key-value store. */
public final class TestRuntimes {

    private TestRuntimes() {}

    public static EdgeRuntime create(long maxCachedModuleBytes, RuntimeOptions options) {
        return new EdgeRuntime(null, maxCachedModuleBytes, MvStoreKvBackend.inMemory(), new FetchClients(), options);
    }
}

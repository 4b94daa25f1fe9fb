package dev.edgehost.host.runtime;

import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.kv.MvStoreKvBackend;

/** Runtimes for tests: functions in memory only, an in-memory key-value store. */
final class TestRuntimes {

    private TestRuntimes() {}

    static EdgeRuntime create(long maxCachedModuleBytes, RuntimeOptions options) {
        return new EdgeRuntime(null, maxCachedModuleBytes, MvStoreKvBackend.inMemory(), new FetchClients(), options);
    }
}

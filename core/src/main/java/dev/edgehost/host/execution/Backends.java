package dev.edgehost.host.execution;

import dev.edgehost.host.StorageException;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.BackendOptions;
import dev.edgehost.host.spi.BackendProvider;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import dev.edgehost.host.store.FunctionStore;
import java.nio.file.Path;
import java.util.ServiceLoader;

/** Chooses a host's backend: one given by the embedder, a shared store by URI, the data dir, or memory. */
final class Backends {
    /** The key-value store's file in the data dir, which one process at a time may hold. */
    static final String KV_FILE = "kv.mv.db";

    private Backends() {}

    static Backend open(HostConfig config) {
        if (config.backend() != null) {
            return config.backend();
        }
        if (config.store() != null) {
            return provider(config.store().getScheme()).open(config.store(), new BackendOptions(config.kvTimeout()));
        }
        if (config.dataDir() != null) {
            return dataDir(config.dataDir());
        }
        return new Embedded(null, MvStoreKvBackend.inMemory(), "memory");
    }

    private static BackendProvider provider(String scheme) {
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (provider.supports(scheme)) {
                return provider;
            }
        }
        throw new StorageException(
                "no backend for " + scheme + ":// URIs is on the class path (for Redis, add dev.edgehost:edge-redis)", null);
    }

    private static Backend dataDir(Path dataDir) {
        FunctionStore functions = FunctionStore.open(dataDir);
        try {
            return new Embedded(functions, MvStoreKvBackend.open(dataDir.resolve(KV_FILE)), dataDir.toString());
        } catch (KvUnavailableException e) {
            functions.close();
            if (MvStoreKvBackend.isLocked(e)) {
                // Without this, the second host on a machine stopped with H2's "file is locked" and a stack trace.
                throw new StorageException("the data dir " + dataDir + " is in use by another host (its " + KV_FILE + " file is locked):"
                        + " two hosts on one machine need distinct data dirs; give this one its own --data-dir", e);
            }
            throw e;
        } catch (RuntimeException e) {
            functions.close();
            throw e;
        }
    }

    /** The data dir or memory: deployments in the function store, key-value data in MVStore. */
    private record Embedded(FunctionRepository functions, KvBackend kv, String describe) implements Backend {

        @Override
        public void close() {
            if (functions != null) {
                functions.close();
            }
            kv.close();
        }
    }

    /** Whether compiled code may be kept beside the deployments: only in a data dir of this host's own. */
    static Path compiledCodeDir(HostConfig config) {
        return config.backend() == null && config.store() == null && config.dataDir() != null
                ? config.dataDir().resolve("compiled")
                : null;
    }
}

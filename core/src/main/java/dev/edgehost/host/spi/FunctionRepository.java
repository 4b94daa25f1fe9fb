package dev.edgehost.host.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where deployed functions are kept so that they outlive the host process: the data dir of one
 * host, or Redis for several hosts that serve the same functions.
 */
public interface FunctionRepository extends AutoCloseable {

    /** Stores a function durably; when this returns, a restart (or another host) serves it. */
    void save(StoredFunction function);

    /** Removes a function durably. */
    void delete(String name);

    /** One stored function, or {@code null}. */
    StoredFunction load(String name);

    /** Every stored function; unreadable entries are logged and skipped. */
    List<StoredFunction> loadAll();

    /**
     * Tells the listener the name of every function another host saves or deletes.
     *
     * @return whether the store is shared with other hosts; a store of one host never calls the
     *     listener and answers {@code false}
     */
    boolean watch(Consumer<String> changed);

    @Override
    void close();
}

package dev.edgehost.host.spi;

import dev.edgehost.host.FunctionKind;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where deployed functions are kept so that they outlive the host process: the data dir of one
 * host, or Redis for several hosts that serve the same functions.
 *
 * <p>A store shared by several hosts can lose what it holds behind their backs (a Redis
 * restarted without persistence, a {@code FLUSHALL}). Hosts therefore never take a function down
 * because the store does not hold it: only an announced removal or a removal record
 * ({@link #removed}) does. A shared store reports a {@link #generation()} that changes when its
 * content was lost, and takes back the functions the hosts still serve through {@link #restore}.
 */
public interface FunctionRepository extends AutoCloseable {

    /** Stores a function durably; when this returns, a restart (or another host) serves it. */
    void save(StoredFunction function);

    /**
     * Stores a function as {@link #save} does, unless the store's record of it has changed since
     * the host built this one: its newest version is no longer {@code newest}. A store shared by
     * several hosts checks and writes in one step, so that two hosts deploying a name at once
     * cannot both take the next version number; the one that loses reads the other's record and
     * tries again. A store that holds no record of the name takes the function whatever
     * {@code newest} is (a first deploy, or a store that lost its content). This default, for
     * stores of one host, whose deploys of a name the host orders itself, just saves.
     *
     * @param newest the number of the newest version the host knew of, 0 for none
     * @return whether the function was stored
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    default boolean saveIfNewest(StoredFunction function, int newest) {
        save(function);
        return true;
    }

    /**
     * Removes a function durably. A shared store also records the removal (see {@link #removed}),
     * so that a host that missed the announcement still applies it.
     */
    void delete(String name);

    /**
     * One stored function, or {@code null} when the store holds none of that name or holds one
     * that cannot be read (logged).
     *
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    StoredFunction load(String name);

    /**
     * The module of a kept version, for a rollback or a traffic split to a version that does not
     * serve now; {@code null} when the store no longer holds it (or, the default, keeps no
     * versions' modules).
     *
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    default byte[] module(String sha256, FunctionKind kind) {
        return null;
    }

    /**
     * Every stored function; unreadable entries are logged and skipped.
     *
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    List<StoredFunction> loadAll();

    /**
     * Tells the listener the name of every function another host saves or deletes.
     *
     * @return whether the store is shared with other hosts; a store of one host never calls the
     *     listener and answers {@code false}
     */
    boolean watch(Consumer<String> changed);

    /**
     * The store's generation: an id written into a shared store the first time a host finds it
     * without one, so that a store that lost its content (and with it the id) is recognised. A
     * store of one host, which cannot lose its content behind the host's back, answers
     * {@code null}, the default.
     *
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    default Generation generation() {
        return null;
    }

    /**
     * Whether the store records that the function was removed (undeployed and not deployed
     * again since): positive evidence, as opposed to the store merely not holding it.
     *
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    default boolean removed(String name) {
        return false;
    }

    /**
     * Stores a function a host still serves but the store lost, unless the store holds a function
     * of that name (a later deploy wins) or records its removal. Shared stores do it atomically;
     * this default, for stores of one host, does not need to.
     *
     * @return whether the function was stored
     * @throws dev.edgehost.host.StorageException when the store cannot be reached
     */
    default boolean restore(StoredFunction function) {
        if (removed(function.name()) || load(function.name()) != null) {
            return false;
        }
        save(function);
        return true;
    }

    @Override
    void close();

    /**
     * A store's generation.
     *
     * @param id the id the store holds now
     * @param created whether this call wrote it because the store had none: a new store, or one
     *     that lost its content
     */
    record Generation(String id, boolean created) {}
}

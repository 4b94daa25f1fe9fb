package dev.edgehost.host.registry;

import dev.edgehost.host.spi.StoredFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stored functions a starting host has still to load, smallest first, so that one big module
 * delays only itself. A name leaves the pending set once it is loaded, fails, or a deploy or
 * undeploy on this host replaces it (the newer change wins). Thread-safe.
 */
final class StoredLoading {
    private final List<StoredFunction> order;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger loaded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger replaced = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);

    StoredLoading(List<StoredFunction> stored) {
        List<StoredFunction> sorted = new ArrayList<>(stored);
        sorted.sort(Comparator.comparingInt((StoredFunction function) -> function.wasm().length)
                .thenComparing(StoredFunction::name));
        this.order = List.copyOf(sorted);
        sorted.forEach(function -> pending.add(function.name()));
    }

    /** The stored functions in the order they load: smallest first. */
    List<StoredFunction> order() {
        return order;
    }

    boolean isPending(String name) {
        return pending.contains(name);
    }

    /** Takes a pending function to serve it now; false when a change on this host replaced it meanwhile. */
    boolean loaded(String name) {
        if (pending.remove(name)) {
            loaded.incrementAndGet();
            return true;
        }
        return false;
    }

    /** A function that did not load. */
    void failed(String name) {
        if (pending.remove(name)) {
            failed.incrementAndGet();
        }
    }

    /** A function that a deploy or undeploy on this host replaces; false if it was not pending. */
    boolean replaced(String name) {
        if (pending.remove(name)) {
            replaced.incrementAndGet();
            return true;
        }
        return false;
    }

    void finish() {
        done.countDown();
    }

    /** Waits for the load to finish; false if it did not within the timeout. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    LoadProgress progress() {
        return new LoadProgress(order.size(), loaded.get(), pending.size(), failed.get(), replaced.get(), done.getCount() == 0);
    }
}

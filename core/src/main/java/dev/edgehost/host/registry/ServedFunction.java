package dev.edgehost.host.registry;

import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.spi.FunctionHistory;
import dev.edgehost.host.spi.FunctionVersion;
import dev.edgehost.host.spi.StoredFunction;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What one function name serves: its kept versions, the deployment of every version traffic goes
 * to (each with its own instances; the compiled code is shared by module hash) and how a request
 * picks one. Immutable, swapped whole, so a change applies to all requests at once. Thread-safe.
 *
 * @param primary the serving version's deployment: its settings stand for the function
 * @param versions by number, the deployment of every version traffic goes to, the primary's included
 * @param retained by SHA-256, the modules of every kept version of a function that is not in a
 *     repository (for a rollback to it), or is in one that can lose them (to publish them again);
 *     empty for a function stored in the data dir, which keeps them
 */
record ServedFunction(
        FunctionHistory history, Deployment primary, Map<Integer, Deployment> versions, Map<String, byte[]> retained,
        TrafficRouter router) {

    ServedFunction {
        versions = Map.copyOf(versions);
        retained = Map.copyOf(retained);
    }

    static ServedFunction of(FunctionHistory history, Map<Integer, Deployment> versions, Map<String, byte[]> retained) {
        Deployment primary = versions.get(history.serving());
        return new ServedFunction(
                history, primary, versions, retained, new TrafficRouter(primary.name(), history.effectiveTraffic()));
    }

    /** The deployment a request runs on. */
    Deployment pick(GuestRequest request) {
        if (versions.size() == 1) {
            return primary;
        }
        return versions.getOrDefault(router.choose(request), primary);
    }

    Collection<Deployment> deployments() {
        return versions.values();
    }

    /** The module of a kept version this function has at hand, or {@code null}. */
    byte[] module(FunctionVersion version) {
        for (Deployment deployment : versions.values()) {
            if (deployment.sha256().equals(version.sha256())) {
                return deployment.wasm();
            }
        }
        return retained.get(version.sha256());
    }

    /**
     * The function as a repository keeps it, with the module of every kept version this host has
     * at hand: for a repository that lost it, so that a rollback to any kept version works again.
     */
    StoredFunction storedWithKeptModules() {
        StoredFunction stored = stored();
        Map<String, byte[]> modules = new HashMap<>(stored.modules());
        retained.forEach((sha256, module) -> {
            if (!sha256.equals(stored.sha256())) {
                modules.put(sha256, module);
            }
        });
        return new StoredFunction(
                stored.name(), stored.sha256(), stored.wasm(), stored.settings(), stored.deployedAt(), stored.kind(),
                stored.history(), modules);
    }

    /** The function as a repository keeps it. */
    StoredFunction stored() {
        Map<String, byte[]> others = new HashMap<>();
        for (Deployment deployment : versions.values()) {
            if (!deployment.sha256().equals(primary.sha256())) {
                others.put(deployment.sha256(), deployment.wasm());
            }
        }
        return new StoredFunction(
                primary.name(), primary.sha256(), primary.wasm(), primary.settings(), primary.deployedAt(), primary.kind(),
                history, others);
    }
}

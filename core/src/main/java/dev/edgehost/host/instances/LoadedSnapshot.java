package dev.edgehost.host.instances;

import dev.edgehost.host.capability.GuestCapabilities;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.fuel.FuelGauge;

/**
 * The snapshot of a function that the host makes at deploy by running guest code with real host
 * functions, as a script's load: used as the {@link InstanceSource} of that one deploy-time run
 * (so that it runs as a request would, under limits and with the request's host functions), it
 * builds an instance, runs {@code _initialize} and then the load step, and, when they completed,
 * keeps the instance's state as the snapshot every request of the function starts from. Requests
 * are charged fuel from the snapshot on (ABI spec §8.1): the load's fuel is the deploy's.
 *
 * <p>Used by one thread, once; {@link InstancePools#prepareLoaded} turns it into the function's
 * instances.
 */
public final class LoadedSnapshot implements InstanceSource {
    private final CompiledModule compiled;
    private final int memoryCapPages;
    private final GuestStep load;
    private PooledInstance loaded;
    private InstanceSnapshot snapshot;

    /**
     * @param memoryCapPages the function's memory cap, which the load runs under too
     * @param load what runs after {@code _initialize}, with the deploy-time host functions linked
     */
    public LoadedSnapshot(CompiledModule compiled, int memoryCapPages, GuestStep load) {
        this.compiled = compiled;
        this.memoryCapPages = memoryCapPages;
        this.load = load;
    }

    @Override
    public CompiledModule compiled() {
        return compiled;
    }

    @Override
    public RequestInstance instantiate(GuestCapabilities capabilities, FuelGauge fuel) {
        if (snapshot != null) {
            throw new IllegalStateException("the snapshot was taken already");
        }
        PooledInstance instance = PooledInstance.build(compiled, memoryCapPages, fuel);
        instance.bind(capabilities, fuel, 0);
        return new RequestInstance() {
            @Override
            public void run(String entry) {
                // The load is this source's only run: it calls the script's load, not an entry point.
                if (instance.hasInitialize()) {
                    instance.initialize();
                }
                load.run(instance.instance());
            }

            @Override
            public void finish(boolean completed) {
                instance.unbind();
                if (completed) {
                    snapshot = instance.capture(0, true);
                    loaded = instance;
                }
            }
        };
    }

    /** Whether the load completed and its state was kept. */
    public boolean taken() {
        return snapshot != null;
    }

    InstanceSnapshot snapshot() {
        if (snapshot == null) {
            throw new IllegalStateException("the load did not complete");
        }
        return snapshot;
    }

    /** The instance the snapshot was taken from, in exactly the snapshot's state. */
    PooledInstance instance() {
        return loaded;
    }
}

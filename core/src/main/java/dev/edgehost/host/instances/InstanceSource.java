package dev.edgehost.host.instances;

import dev.edgehost.host.capability.GuestCapabilities;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.fuel.FuelGauge;

/** Where a request gets its instance: built fresh, or taken from a pool and restored. */
public interface InstanceSource {

    /** The compiled module the instances run. */
    CompiledModule compiled();

    /**
     * An instance ready to run one request, its host functions pointed at the request's
     * capabilities (an instance that serves many requests made them once) and metered by its
     * gauge.
     *
     * @throws com.dylibso.chicory.wasm.ChicoryException when instantiation fails
     */
    RequestInstance instantiate(GuestCapabilities capabilities, FuelGauge fuel);

    /** One request's instance. */
    interface RequestInstance {

        /**
         * Runs {@code _initialize} (unless a snapshot holds it) and an entry point: {@code handle},
         * or {@code _start} in CGI mode, or the export a scheduled run calls.
         *
         * @param entry the export to run, a function of type {@code [] -> []}
         */
        void run(String entry);

        /** Ends the request; {@code completed} when the entry point returned normally. */
        void finish(boolean completed);
    }
}

package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import dev.edgehost.abi.Abi;
import dev.edgehost.host.capability.GuestCapabilities;
import dev.edgehost.host.capability.RequestBinding;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.fuel.FuelGauge;

/**
 * Builds a new instance for every request: for modules that cannot be pooled (instantiation
 * fails or calls the host), and when pooling is off.
 */
final class FreshInstances implements InstanceSource {
    private final CompiledModule compiled;
    private final int memoryCapPages;

    FreshInstances(CompiledModule compiled, int memoryCapPages) {
        this.compiled = compiled;
        this.memoryCapPages = memoryCapPages;
    }

    @Override
    public CompiledModule compiled() {
        return compiled;
    }

    @Override
    public RequestInstance instantiate(GuestCapabilities capabilities, FuelGauge fuel) {
        RequestBinding binding = new RequestBinding(compiled.importModules());
        binding.attach(capabilities);
        Instance instance =
                InstanceFactories.builder(
                                compiled,
                                memoryCapPages,
                                ImportValues.builder().addFunction(binding.functions()).build(),
                                fuel,
                                PagedMemory::new,
                                TrackedTable::new)
                        .build();
        boolean hasInitialize = compiled.description().hasInitialize();
        return new RequestInstance() {
            @Override
            public void run(String entry) {
                if (hasInitialize) {
                    instance.export(Abi.EXPORT_INITIALIZE).apply();
                }
                instance.export(entry).apply();
            }

            @Override
            public void finish(boolean completed) {
                // Nothing to give back: the instance is garbage once the request ends.
                binding.detach();
            }
        };
    }
}

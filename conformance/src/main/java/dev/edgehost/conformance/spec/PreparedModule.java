package dev.edgehost.conformance.spec;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Optional;
import java.util.function.Function;

/** A parsed module with its machine factory (compiled once, for the compiler), ready to instantiate. */
final class PreparedModule {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final Optional<FuelMetering.Metered> metered;

    PreparedModule(
            WasmModule module, Function<Instance, Machine> machineFactory, Optional<FuelMetering.Metered> metered) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.metered = metered;
    }

    /**
     * Instantiates the module, running its start function. The {@code _start} export is not run:
     * that is a WASI convention, not the spec's.
     */
    Instance instantiate(ImportValues imports) {
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(imports)
                .withMachineFactory(machineFactory)
                .withStart(false);
        metered.ifPresent(m -> builder.withGlobalFactory(m.newGauge()));
        return builder.build();
    }
}

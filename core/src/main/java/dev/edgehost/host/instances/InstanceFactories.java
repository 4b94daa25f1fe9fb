package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.edgehost.host.compile.CompiledModule;
import java.util.function.Function;

/** How the host builds every instance, fresh or pooled: capped paged memory, tracked tables, no {@code _start}. */
final class InstanceFactories {

    private InstanceFactories() {}

    /**
     * A builder for an instance of the compiled module with these imports and globals; the memory
     * and tables it creates are handed to {@code memories} and {@code tables}.
     */
    static Instance.Builder builder(
            CompiledModule compiled,
            int memoryCapPages,
            ImportValues imports,
            GlobalFactory globals,
            Function<MemoryLimits, PagedMemory> memories,
            TableFactory tables) {
        Instance.Builder builder =
                Instance.builder(compiled.module())
                        .withImportValues(imports)
                        .withStart(false)
                        .withGlobalFactory(globals)
                        .withTableFactory(tables)
                        .withMemoryFactory(declared -> memories.apply(capped(declared, memoryCapPages)));
        if (compiled.machineFactory() != null) {
            builder.withMachineFactory(compiled.machineFactory());
        } else {
            builder.withUnsafeExecutionListener(InterruptCheck.LISTENER).withMachineFactory(TracingInterpreterMachine::new);
        }
        return builder;
    }

    /** The module's own limits, with the maximum lowered to the function's cap. */
    static MemoryLimits capped(MemoryLimits declared, int capPages) {
        return new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), capPages));
    }
}

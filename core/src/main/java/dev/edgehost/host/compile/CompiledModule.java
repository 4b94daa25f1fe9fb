package dev.edgehost.host.compile;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.Engine;
import dev.edgehost.host.fuel.InstrumentedModule;
import java.util.Set;
import java.util.function.Function;

/**
 * A checked, fuel-instrumented module ready to instantiate. {@code module} is the parsed
 * instrumented module. With the compiler, {@code machineFactory} holds its JVM bytecode, which is
 * tied to this very {@link WasmModule} object; with the interpreter it is {@code null}.
 *
 * @param importModules the modules the module imports functions from, such as {@code edge}; a
 *     request binds the host functions of these only
 */
public record CompiledModule(
        WasmModule module,
        InstrumentedModule instrumented,
        Function<Instance, Machine> machineFactory,
        ModuleDescription description,
        Engine engine,
        int weight,
        Set<String> importModules) {}

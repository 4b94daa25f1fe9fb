package dev.edgehost.host.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.Engine;
import java.util.function.Function;

/**
 * A parsed, checked module ready to instantiate. With the compiler, {@code machineFactory} holds
 * the module's JVM bytecode, which is tied to this very {@link WasmModule} object; with the
 * interpreter it is {@code null}.
 */
record CompiledModule(
        WasmModule module,
        Function<Instance, Machine> machineFactory,
        ModuleDescription description,
        Engine engine,
        int weight) {}

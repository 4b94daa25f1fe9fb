package dev.edgehost.conformance.spec;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns module files into {@link PreparedModule}s for one configuration: meters them when it is
 * metered, parses and validates them, and compiles them to bytecode for the compiler. Each file is
 * prepared once per script and configuration, however often it is instantiated.
 */
final class ModuleLoader {
    private final Engine engine;
    private final Optional<FuelMetering> metering;
    private final Map<Path, PreparedModule> prepared = new HashMap<>();

    ModuleLoader(Engine engine, Optional<FuelMetering> metering) {
        this.engine = engine;
        this.metering = metering;
    }

    PreparedModule load(Path file) {
        PreparedModule module = prepared.get(file);
        if (module == null) {
            module = prepare(read(file));
            prepared.put(file, module);
        }
        return module;
    }

    private PreparedModule prepare(byte[] wasm) {
        Optional<FuelMetering.Metered> metered = metering.map(m -> m.instrument(wasm));
        WasmModule module = Parser.parse(metered.map(FuelMetering.Metered::wasm).orElse(wasm));
        return new PreparedModule(module, machineFactory(module), metered);
    }

    private Function<Instance, Machine> machineFactory(WasmModule module) {
        if (engine == Engine.INTERPRETER) {
            return InterpreterMachine::new;
        }
        // As the host compiles: functions too large for one JVM method are interpreted.
        return MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .compile();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

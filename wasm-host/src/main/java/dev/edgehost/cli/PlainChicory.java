package dev.edgehost.cli;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import dev.edgehost.host.Engine;
import java.util.Locale;

/**
 * The baseline of a fresh instance: plain Chicory's {@code Instance.builder(module).build()} for
 * the module as uploaded (not metered), with every imported function a stub that returns zeros
 * and an imported memory one of its declared size, so that only building the instance is measured.
 * Used by one thread.
 */
final class PlainChicory {
    private final Instance.Builder builder;

    private PlainChicory(Instance.Builder builder) {
        this.builder = builder;
    }

    /**
     * The builder for a module, compiled once as the host's engine would run it, or {@code null}
     * with the reason on {@code why} when plain Chicory cannot build it alone (it imports a table
     * or a global, which only its real host can give).
     */
    static PlainChicory of(byte[] wasm, Engine engine, StringBuilder why) {
        WasmModule module = Parser.parse(wasm);
        ImportValues.Builder imports = ImportValues.builder();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            if (imported.importType() == ExternalType.FUNCTION) {
                FunctionType type = module.typeSection().getType(((FunctionImport) imported).typeIndex());
                int results = type.returns().size();
                imports.addFunction(new HostFunction(imported.module(), imported.name(), type, (instance, args) -> new long[results]));
            } else if (imported.importType() == ExternalType.MEMORY) {
                imports.addMemory(new ImportMemory(imported.module(), imported.name(), new ByteArrayMemory(((MemoryImport) imported).limits())));
            } else {
                why.append("the module imports a ").append(imported.importType().name().toLowerCase(Locale.ROOT))
                        .append(" (").append(imported.module()).append('.').append(imported.name()).append(')');
                return null;
            }
        }
        Instance.Builder builder = Instance.builder(module).withImportValues(imports.build());
        if (engine == Engine.COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        return new PlainChicory(builder);
    }

    /** Builds one instance and says how long it took, in nanoseconds. */
    long build() {
        long start = System.nanoTime();
        Instance instance = builder.build();
        long took = System.nanoTime() - start;
        if (instance == null) {
            throw new IllegalStateException("Chicory built no instance");
        }
        return took;
    }
}

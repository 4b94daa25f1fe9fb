package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each function a module imports is found among the host functions of an instance's
 * {@link dev.edgehost.host.capability.RequestBinding}, matched by module and name.
 */
final class ImportBinding {
    private final String[] modules;
    private final String[] names;
    private final int[] positions;

    private ImportBinding(String[] modules, String[] names, int[] positions) {
        this.modules = modules;
        this.names = names;
        this.positions = positions;
    }

    /** Matches the module's function imports against {@code provided} by module and name. */
    static ImportBinding of(WasmModule module, HostFunction[] provided) {
        List<Import> imports = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import anImport = module.importSection().getImport(i);
            if (anImport.importType() == ExternalType.FUNCTION) {
                imports.add(anImport);
            }
        }
        String[] modules = new String[imports.size()];
        String[] names = new String[imports.size()];
        int[] positions = new int[imports.size()];
        for (int i = 0; i < imports.size(); i++) {
            modules[i] = imports.get(i).module();
            names[i] = imports.get(i).name();
            positions[i] = find(provided, modules[i], names[i]);
        }
        return new ImportBinding(modules, names, positions);
    }

    private static int find(HostFunction[] provided, String module, String name) {
        for (int i = 0; i < provided.length; i++) {
            if (provided[i].module().equals(module) && provided[i].name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("the host provides no import " + module + "." + name);
    }

    /** The handles in the module's import order; checks that {@code provided} is in the order matched. */
    WasmFunctionHandle[] handles(HostFunction[] provided) {
        WasmFunctionHandle[] handles = new WasmFunctionHandle[positions.length];
        for (int i = 0; i < positions.length; i++) {
            HostFunction function = provided[positions[i]];
            if (!function.name().equals(names[i]) || !function.module().equals(modules[i])) {
                throw new IllegalStateException("host functions changed order at " + modules[i] + "." + names[i]);
            }
            handles[i] = function.handle();
        }
        return handles;
    }
}

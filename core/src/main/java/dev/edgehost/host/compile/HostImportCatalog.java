package dev.edgehost.host.compile;

import com.dylibso.chicory.wasm.types.FunctionType;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.capability.HostCapabilities;
import dev.edgehost.host.capability.WasiImports;
import java.util.HashMap;
import java.util.Map;

/**
 * Every function import this host provides, of the ABI and of WASI preview1, with its type, to
 * check modules against at upload.
 */
final class HostImportCatalog {
    private static final Map<String, FunctionType> PROVIDED = provided();

    private HostImportCatalog() {}

    private static Map<String, FunctionType> provided() {
        Map<String, FunctionType> provided = new HashMap<>();
        for (HostImport hostImport : HostImport.values()) {
            provided.put(key(Abi.IMPORT_MODULE, hostImport.importName()), HostCapabilities.functionType(hostImport));
        }
        WasiImports.functionTypes().forEach((name, type) -> provided.put(key(Abi.WASI_MODULE, name), type));
        return Map.copyOf(provided);
    }

    private static String key(String module, String name) {
        return module + "\u0000" + name;
    }

    /** The type of a provided function, or {@code null} when the host provides no such import. */
    static FunctionType typeOf(String module, String name) {
        return PROVIDED.get(key(module, name));
    }
}

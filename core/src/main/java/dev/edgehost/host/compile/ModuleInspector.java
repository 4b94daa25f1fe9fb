package dev.edgehost.host.compile;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.ModuleRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a parsed module against the ABI's module shape (ABI spec §2), the mode it is deployed in
 * and a function's limits, so that everything that can be refused is refused at upload rather
 * than on the first request.
 */
final class ModuleInspector {

    private ModuleInspector() {}

    static ModuleDescription inspect(WasmModule module, FunctionLimits limits, FunctionMode requestedMode) {
        List<String> imports = checkImports(module);
        List<String> exports = new ArrayList<>();
        Export memory = null;
        Export handle = null;
        Export initialize = null;
        Export start = null;
        Export scheduled = null;
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            exports.add(export.name());
            switch (export.name()) {
                case Abi.EXPORT_MEMORY:
                    memory = export;
                    break;
                case Abi.EXPORT_HANDLE:
                    handle = export;
                    break;
                case Abi.EXPORT_INITIALIZE:
                    initialize = export;
                    break;
                case Abi.EXPORT_START:
                    start = export;
                    break;
                case Abi.EXPORT_SCHEDULED:
                    scheduled = export;
                    break;
                default:
                    break;
            }
        }
        if (memory == null || memory.exportType() != ExternalType.MEMORY) {
            throw new ModuleRejectedException(
                    HttpError.MISSING_EXPORT, "the module must export its memory as \"memory\"");
        }
        requireNoArgFunction(module, handle, Abi.EXPORT_HANDLE);
        requireNoArgFunction(module, start, Abi.EXPORT_START);
        requireNoArgFunction(module, scheduled, Abi.EXPORT_SCHEDULED);
        FunctionMode mode = ModuleModes.resolve(requestedMode, handle != null, start != null);
        ModuleModes.checkImports(mode, imports);
        requireNoArgFunction(module, initialize, Abi.EXPORT_INITIALIZE);

        int initialPages = module.memorySection().orElseThrow().getMemory(0).limits().initialPages();
        if (initialPages > limits.memoryPages()) {
            throw new ModuleRejectedException(
                    HttpError.MEMORY_TOO_LARGE,
                    "the module's initial memory is " + initialPages + " pages; the function's cap is "
                            + limits.memoryPages() + " pages");
        }
        return new ModuleDescription(imports, exports, initialPages, initialize != null, mode);
    }

    private static List<String> checkImports(WasmModule module) {
        List<String> imports = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import anImport = module.importSection().getImport(i);
            String qualified = anImport.module() + "." + anImport.name();
            if (anImport.importType() != ExternalType.FUNCTION) {
                throw new ModuleRejectedException(
                        HttpError.UNKNOWN_IMPORT,
                        "the module imports " + anImport.importType().name().toLowerCase(Locale.ROOT)
                                + " " + qualified + "; the host provides only functions");
            }
            FunctionType wanted = module.typeSection().getType(((FunctionImport) anImport).typeIndex());
            FunctionType provided = HostImportCatalog.typeOf(anImport.module(), anImport.name());
            if (provided == null) {
                throw new ModuleRejectedException(HttpError.UNKNOWN_IMPORT, unknownImportMessage(anImport));
            }
            if (!provided.equals(wanted)) {
                throw new ModuleRejectedException(
                        HttpError.UNKNOWN_IMPORT,
                        "the module imports " + qualified + " as " + wanted + " but the host provides it as "
                                + provided);
            }
            imports.add(qualified);
        }
        return imports;
    }

    private static String unknownImportMessage(Import anImport) {
        String message = "the module imports " + anImport.module() + "." + anImport.name() + ", which the host does not provide";
        if (anImport.module().equals(Abi.WASI_MODULE)) {
            return message + ": it offers the functions of WASI preview1 (ABI spec §7), without files or sockets";
        }
        return message;
    }

    /** An entry point the module exports must be a function of type [] -> []; which one it needs is its mode's. */
    private static void requireNoArgFunction(WasmModule module, Export export, String name) {
        if (export == null) {
            return;
        }
        if (export.exportType() != ExternalType.FUNCTION
                || !functionType(module, export.index()).equals(FunctionType.empty())) {
            throw new ModuleRejectedException(
                    HttpError.MISSING_EXPORT, "the export \"" + name + "\" must be a function of type [] -> []");
        }
    }

    private static FunctionType functionType(WasmModule module, int functionIndex) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        if (functionIndex < 0 || functionIndex >= imported + module.functionSection().functionCount()) {
            // Chicory's parser does not check export indices; fuzzing found modules that rely on it.
            throw new ModuleRejectedException(
                    HttpError.INVALID_MODULE, "not a valid Wasm module: an export names function " + functionIndex + ", which does not exist");
        }
        int typeIndex;
        if (functionIndex < imported) {
            typeIndex = importedFunctionTypeIndex(module, functionIndex);
        } else {
            typeIndex = module.functionSection().getFunctionType(functionIndex - imported);
        }
        return module.typeSection().getType(typeIndex);
    }

    private static int importedFunctionTypeIndex(WasmModule module, int functionIndex) {
        int seen = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import anImport = module.importSection().getImport(i);
            if (anImport.importType() == ExternalType.FUNCTION) {
                if (seen == functionIndex) {
                    return ((FunctionImport) anImport).typeIndex();
                }
                seen++;
            }
        }
        throw new IllegalStateException("no imported function " + functionIndex);
    }
}

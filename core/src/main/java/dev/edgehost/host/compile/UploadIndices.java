package dev.edgehost.host.compile;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import dev.edgehost.host.fuel.InstrumentedModule;
import java.util.List;

/**
 * The module-level half of checking an upload by its instrumented form (the code half is the
 * instrumenter's): instrumenting appends types, functions and a global, which sections it copies
 * byte for byte (imports, exports, start, globals, elements, data) might name by an index one past
 * the upload's own. Such an upload is invalid, but its instrumented form would validate; this finds
 * those indices in the validated instrumented module, so that it stands for the upload.
 */
final class UploadIndices {
    private final WasmModule module;
    private final int types;
    private final long functions;
    private final int globals;

    private UploadIndices(WasmModule module, InstrumentedModule instrumented) {
        this.module = module;
        this.types = instrumented.moduleTypes();
        this.globals = instrumented.fuelGlobalIndex();
        long imported = module.importSection().count(ExternalType.FUNCTION);
        this.functions = imported + module.functionSection().functionCount() / 2;
    }

    /** Whether every index the copied sections hold names something the upload itself has. */
    static boolean withinUpload(WasmModule module, InstrumentedModule instrumented) {
        return new UploadIndices(module, instrumented).check();
    }

    private boolean check() {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import anImport = module.importSection().getImport(i);
            if (anImport instanceof FunctionImport function && function.typeIndex() >= types) {
                return false;
            }
        }
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if ((export.exportType() == ExternalType.FUNCTION && export.index() >= functions)
                    || (export.exportType() == ExternalType.GLOBAL && export.index() >= globals)) {
                return false;
            }
        }
        if (module.startSection().map(start -> start.startIndex() >= functions).orElse(false)) {
            return false;
        }
        for (int i = 0; i < module.globalSection().globalCount() - 1; i++) {
            if (!constant(module.globalSection().getGlobal(i).initInstructions())) {
                return false;
            }
        }
        for (Element element : module.elementSection().elements()) {
            if (element instanceof ActiveElement active && !constant(active.offset())) {
                return false;
            }
            for (List<Instruction> initializer : element.initializers()) {
                if (!constant(initializer)) {
                    return false;
                }
            }
        }
        for (DataSegment segment : module.dataSection().dataSegments()) {
            if (segment instanceof ActiveDataSegment active && !constant(active.offsetInstructions())) {
                return false;
            }
        }
        return true;
    }

    private boolean constant(List<Instruction> expression) {
        for (Instruction instruction : expression) {
            if ((instruction.opcode() == OpCode.REF_FUNC && instruction.operand(0) >= functions)
                    || (instruction.opcode() == OpCode.GLOBAL_GET && instruction.operand(0) >= globals)) {
                return false;
            }
        }
        return true;
    }
}

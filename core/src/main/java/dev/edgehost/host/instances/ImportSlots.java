package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import java.util.Arrays;

/**
 * The imports of a pooled instance. An instance links its host functions once, when it is built;
 * these forward every call to a slot that each request fills with its own host functions, so one
 * instance serves request after request, each with only its own request, response and log.
 * Between requests every slot refuses, and records that it was called.
 */
final class ImportSlots {
    private final WasmFunctionHandle[] slots;
    private final HostFunction[] linked;
    private final WasmFunctionHandle refuse;
    private boolean refusedCall;

    ImportSlots(WasmModule module) {
        int count = module.importSection().count(ExternalType.FUNCTION);
        this.slots = new WasmFunctionHandle[count];
        this.linked = new HostFunction[count];
        this.refuse =
                (instance, args) -> {
                    refusedCall = true;
                    throw new TrapException("a host function was called outside a request");
                };
        int slot = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import anImport = module.importSection().getImport(i);
            if (anImport.importType() == ExternalType.FUNCTION) {
                int index = slot++;
                linked[index] =
                        new HostFunction(
                                anImport.module(),
                                anImport.name(),
                                module.typeSection().getType(((FunctionImport) anImport).typeIndex()),
                                (instance, args) -> slots[index].apply(instance, args));
            }
        }
        refuseAll();
    }

    ImportValues importValues() {
        return ImportValues.builder().addFunction(linked).build();
    }

    /** Fills the slots with one request's functions, in the module's import order. */
    void bind(WasmFunctionHandle[] handles) {
        System.arraycopy(handles, 0, slots, 0, slots.length);
    }

    /** Makes every call refuse, and forgets earlier refused calls. */
    void refuseAll() {
        Arrays.fill(slots, refuse);
        refusedCall = false;
    }

    /** Whether a host function was called while the slots refused. */
    boolean refusedCall() {
        return refusedCall;
    }
}

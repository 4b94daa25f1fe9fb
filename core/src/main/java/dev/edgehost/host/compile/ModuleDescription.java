package dev.edgehost.host.compile;

import dev.edgehost.abi.Abi;
import dev.edgehost.host.FunctionMode;
import java.util.List;

/**
 * What deploy-time inspection learned of a module.
 *
 * @param imports imported functions as {@code module.name}
 * @param exports export names
 * @param initialPages the initial size of the module's memory in pages
 * @param hasInitialize whether the module exports {@code _initialize}
 * @param mode how it runs, as the deploy asked and its exports allow: ABI or CGI, never AUTO
 */
public record ModuleDescription(
        List<String> imports, List<String> exports, int initialPages, boolean hasInitialize, FunctionMode mode) {

    public ModuleDescription {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        if (mode == FunctionMode.AUTO) {
            throw new IllegalArgumentException("a module's mode is resolved: ABI or CGI");
        }
    }

    /** The export a request runs: {@code handle}, or {@code _start} in CGI mode. */
    public String entry() {
        return mode == FunctionMode.CGI ? Abi.EXPORT_START : Abi.EXPORT_HANDLE;
    }
}

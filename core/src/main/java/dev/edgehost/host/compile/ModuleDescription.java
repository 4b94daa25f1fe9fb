package dev.edgehost.host.compile;

import java.util.List;

/**
 * What deploy-time inspection learned of a module.
 *
 * @param imports imported functions as {@code module.name}
 * @param exports export names
 * @param initialPages the initial size of the module's memory in pages
 * @param hasInitialize whether the module exports {@code _initialize}
 */
public record ModuleDescription(
        List<String> imports, List<String> exports, int initialPages, boolean hasInitialize) {

    public ModuleDescription {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }
}

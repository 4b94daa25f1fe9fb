package dev.edgehost.host;

import java.time.Instant;
import java.util.List;

/**
 * A deployed function as {@link EdgeHost} describes it.
 *
 * @param size the module's size, or the script's in UTF-8 bytes
 * @param sha256 the SHA-256 of the module, or of the script's UTF-8
 * @param imports imported functions as {@code module.name} (of the JavaScript engine, for a script)
 * @param persistent whether it is kept in the host's store (bundled samples are not)
 * @param mode how it runs: {@link FunctionMode#ABI} or {@link FunctionMode#CGI}, never {@code AUTO};
 *     a script is always {@code ABI} (the JavaScript engine exports {@code handle})
 * @param kind whether it is a Wasm module or a JavaScript script
 */
public record FunctionInfo(
        String name,
        String sha256,
        int size,
        Instant deployedAt,
        FunctionSettings settings,
        List<String> imports,
        List<String> exports,
        boolean persistent,
        FunctionMode mode,
        FunctionKind kind) {

    public FunctionInfo {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }
}

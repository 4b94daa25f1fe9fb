package dev.edgehost.host;

import java.time.Instant;
import java.util.List;

/**
 * A deployed function as {@link EdgeHost} describes it.
 *
 * @param imports imported functions as {@code module.name}
 * @param persistent whether it is kept in the host's store (bundled samples are not)
 * @param mode how it runs: {@link FunctionMode#ABI} or {@link FunctionMode#CGI}, never {@code AUTO}
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
        FunctionMode mode) {

    public FunctionInfo {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }
}

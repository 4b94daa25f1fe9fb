package dev.edgehost.host.compile;

import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.ModuleRejectedException;
import java.util.List;

/**
 * Which mode a module runs in, from the mode its deploy asks for and the entry points it exports,
 * and what a module refused for its mode is told: which mode would take it and how to ask.
 */
final class ModuleModes {
    private static final String RESPONSE_IMPORT_PREFIX = Abi.IMPORT_MODULE + ".resp_";

    private ModuleModes() {}

    /**
     * The mode the module runs in.
     *
     * @throws ModuleRejectedException ({@code missing_export}) when it lacks the entry point of the
     *     mode asked for
     */
    static FunctionMode resolve(FunctionMode requested, boolean hasHandle, boolean hasStart) {
        switch (requested) {
            case ABI:
                if (hasHandle) {
                    return FunctionMode.ABI;
                }
                throw rejected(hasStart
                        ? "the module exports _start and no handle: deploy it with mode=cgi (a WASI command served as CGI),"
                                + " or export handle"
                        : "the module must export a function \"handle\" of type [] -> [] (deployed with mode=abi)");
            case CGI:
                if (hasStart) {
                    return FunctionMode.CGI;
                }
                throw rejected(hasHandle
                        ? "the module exports handle and no _start: deploy it without mode=cgi (an edge ABI guest),"
                                + " or export _start"
                        : "the module must export a function \"_start\" of type [] -> [] (deployed with mode=cgi)");
            default:
                if (hasHandle) {
                    return FunctionMode.ABI;
                }
                if (hasStart) {
                    return FunctionMode.CGI;
                }
                throw rejected("the module must export a function \"handle\" of type [] -> [] (an edge ABI guest),"
                        + " or \"_start\" (a WASI command, served as CGI)");
        }
    }

    /**
     * Refuses the {@code edge} response functions in CGI mode, where the response is what the
     * program writes to its standard output: a second way to build it would only conflict.
     *
     * @throws ModuleRejectedException ({@code unknown_import}) when a CGI module imports one
     */
    static void checkImports(FunctionMode mode, List<String> imports) {
        if (mode != FunctionMode.CGI) {
            return;
        }
        for (String imported : imports) {
            if (imported.startsWith(RESPONSE_IMPORT_PREFIX)) {
                throw new ModuleRejectedException(
                        HttpError.UNKNOWN_IMPORT,
                        "the module imports " + imported + ", which CGI mode does not provide: a CGI program writes its"
                                + " response to standard output; deploy it with mode=abi and export handle to use "
                                + imported);
            }
        }
    }

    private static ModuleRejectedException rejected(String message) {
        return new ModuleRejectedException(HttpError.MISSING_EXPORT, message);
    }
}

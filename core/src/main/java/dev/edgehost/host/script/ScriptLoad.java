package dev.edgehost.host.script;

import com.dylibso.chicory.runtime.Instance;
import dev.edgehost.abi.HttpError;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.instances.GuestStep;

/**
 * A script's load in a new instance of the engine, after {@code _initialize}: the script's UTF-8
 * copied into a buffer from {@code edge_js_alloc}, then {@code edge_js_load}, whose result refuses
 * the deploy as {@code invalid_script} (1: it does not compile, or its top level threw) or
 * {@code missing_export} (2: no fetch handler), with the engine's message and line.
 */
final class ScriptLoad implements GuestStep {
    private static final String EXPORT_LOAD = "edge_js_load";
    private static final long LOADED = 0;
    private static final long NO_FETCH_HANDLER = 2;

    private final byte[] script;

    ScriptLoad(byte[] script) {
        this.script = script;
    }

    @Override
    public void run(Instance instance) {
        int buffer = (int) instance.export(ScriptError.EXPORT_ALLOC).apply(script.length)[0];
        if (buffer == 0) {
            throw new ModuleRejectedException(
                    HttpError.INVALID_SCRIPT,
                    "the script of " + script.length + " bytes does not fit in the function's memory cap");
        }
        instance.memory().write(buffer, script);
        long result = instance.export(EXPORT_LOAD).apply(buffer, script.length)[0];
        if (result == LOADED) {
            return;
        }
        ScriptError error = ScriptError.read(instance);
        String message = error == null ? "the engine refused the script without saying why" : error.describe();
        if (result == NO_FETCH_HANDLER) {
            throw new ModuleRejectedException(HttpError.MISSING_EXPORT, message);
        }
        throw new ModuleRejectedException(HttpError.INVALID_SCRIPT, "the script does not load: " + message);
    }
}

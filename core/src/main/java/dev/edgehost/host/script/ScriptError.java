package dev.edgehost.host.script;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The engine's last error, as {@code edge_js_error} reports it (js-engine/README.md): its kind
 * ({@code invalid_script}, {@code missing_export} or {@code script_error}), message, the script's
 * line and column when known, and the stack.
 *
 * @param line the line in the script, or 0 when unknown
 * @param column the column, or 0 when unknown (the engine records none today)
 */
record ScriptError(String kind, String message, int line, int column, String stack) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A client sees at most this much of a message; the function's log has all of it. */
    private static final int MAX_MESSAGE_CHARS = 1024;

    static final String EXPORT_ERROR = "edge_js_error";
    static final String EXPORT_ALLOC = "edge_js_alloc";

    /** The instance's error, or {@code null} when there is none. */
    static ScriptError read(Instance instance) {
        ExportFunction error = instance.export(EXPORT_ERROR);
        int length = (int) error.apply(0, 0)[0];
        if (length <= 0) {
            return null;
        }
        int buffer = (int) instance.export(EXPORT_ALLOC).apply(length)[0];
        if (buffer == 0 || error.apply(buffer, length)[0] != length) {
            return new ScriptError("script_error", "the script failed, and the engine had no memory left to say why", 0, 0, "");
        }
        return parse(instance.memory().readBytes(buffer, length));
    }

    static ScriptError parse(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new ScriptError(
                    node.path("kind").asText("script_error"),
                    node.path("message").asText(""),
                    node.path("line").asInt(0),
                    node.path("column").asInt(0),
                    node.path("stack").asText(""));
        } catch (IOException e) {
            return new ScriptError("script_error", "the engine reported an error it could not describe", 0, 0, "");
        }
    }

    /** The message with where it happened, as a client may see it: {@code SyntaxError: ... (line 4)}. */
    String describe() {
        String text = message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
        if (line <= 0) {
            return text;
        }
        return text + " (line " + line + (column > 0 ? ", column " + column : "") + ")";
    }
}

package dev.edgehost.server;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.FunctionKind;
import java.util.Locale;

/**
 * What a deploy uploads, by its {@code Content-Type}: {@code application/javascript} or
 * {@code text/javascript} (with no charset or {@code charset=utf-8}) is a JavaScript function's
 * script; anything else, or none, a Wasm module.
 */
final class UploadKind {

    private UploadKind() {}

    /**
     * The kind of upload a content type names.
     *
     * @throws BadRequestException when a script's charset is not UTF-8
     */
    static FunctionKind of(String contentType) {
        if (contentType == null) {
            return FunctionKind.WASM;
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/javascript") && !mediaType.equals("text/javascript")) {
            return FunctionKind.WASM;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !unquoted(parameter.substring("charset=".length())).equals("utf-8")) {
                throw new BadRequestException("scripts must be UTF-8: " + contentType);
            }
        }
        return FunctionKind.JAVASCRIPT;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}

package dev.edgehost.host.compile;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.ModuleRejectedException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses WebAssembly text uploaded in place of a binary module, with how to compile it, instead
 * of the parser's "magic header not detected": text that begins with {@code (module} after
 * blanks and comments.
 */
final class TextFormatCheck {
    private static final int SNIFF_BYTES = 4096;

    private TextFormatCheck() {}

    /** @throws ModuleRejectedException as {@code invalid_module} when the bytes are WAT text */
    static void check(byte[] upload) {
        if (isText(upload)) {
            throw new ModuleRejectedException(
                    HttpError.INVALID_MODULE,
                    "this is WebAssembly text (.wat), not a binary module: compile it first with"
                            + " `wat2wasm FILE.wat -o FILE.wasm` (wabt) and upload the .wasm");
        }
    }

    /** Whether the bytes begin as the text format does: {@code (module} after blanks and comments. */
    static boolean isText(byte[] upload) {
        String text = new String(upload, 0, Math.min(upload.length, SNIFF_BYTES), StandardCharsets.UTF_8);
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                at++;
            } else if (text.startsWith(";;", at)) {
                int end = text.indexOf('\n', at);
                at = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("(;", at)) {
                int end = text.indexOf(";)", at + 2);
                at = end < 0 ? text.length() : end + 2;
            } else {
                break;
            }
        }
        return text.startsWith("(module", at);
    }
}

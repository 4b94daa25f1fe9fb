package dev.edgehost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What kind of module a file holds, told from its first bytes, so that a wrong file is named before it is uploaded. */
final class ModuleFiles {
    private static final int SNIFF_BYTES = 4096;

    private ModuleFiles() {}

    /** Why the host would refuse the file, or {@code null} when it may be a binary module. */
    static String refusal(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (isText(head)) {
            return file + " is WebAssembly text (.wat), not a binary module: compile it first with"
                    + " `wat2wasm " + file + " -o " + withExtension(file, ".wasm") + "` and deploy the .wasm";
        }
        return null;
    }

    /** Whether the bytes begin as a binary module does: {@code \0asm}. */
    static boolean isBinary(byte[] code) {
        return code.length >= 4 && code[0] == 0 && code[1] == 'a' && code[2] == 's' && code[3] == 'm';
    }

    /** Whether the bytes begin as the text format does: {@code (module} after blanks and comments. */
    static boolean isText(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
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

    /** The file's path with its extension replaced. */
    static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }
}

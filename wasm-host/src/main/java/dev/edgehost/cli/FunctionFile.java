package dev.edgehost.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A file {@code dev} serves as a function: its name is the file name without the extension, in
 * the characters function names allow. A {@code .wasm} module, or a JavaScript function's
 * {@code .js} or {@code .mjs} script; a kind of function the host learns to run is one more
 * extension here and one more way to deploy.
 *
 * @param file the file, as given or found
 */
record FunctionFile(String name, Path file) {
    /** The extensions of files {@code dev} serves, and finds in directories. */
    static final List<String> EXTENSIONS = List.of(".wasm", ".js", ".mjs");

    static boolean isServed(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The function a file is served as: {@code Hello World.wasm} is {@code hello-world}. */
    static FunctionFile of(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = (dot > 0 ? base.substring(0, dot) : base).toLowerCase(Locale.ROOT);
        StringBuilder name = new StringBuilder();
        for (char c : stem.toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            name.append(allowed ? c : '-');
        }
        while (name.length() > 0 && (name.charAt(0) == '-' || name.charAt(0) == '_')) {
            name.deleteCharAt(0);
        }
        String cut = name.length() > 63 ? name.substring(0, 63) : name.toString();
        return new FunctionFile(cut.isEmpty() ? "function" : cut, file);
    }
}

package dev.edgehost.testing.kit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed sample modules the tests deploy, as a function's author points at a build output. */
public final class Samples {
    private Samples() {}

    /** A module below {@code guest-sdk-samples}, e.g. {@code c/jwt-auth/jwt-auth.wasm}. */
    public static Path module(String path) {
        Path module = Path.of(System.getProperty("edge.samples", "../guest-sdk-samples")).resolve(path);
        if (!Files.isRegularFile(module)) {
            throw new IllegalStateException("no sample module " + module + "; run the tests through Maven");
        }
        return module;
    }
}

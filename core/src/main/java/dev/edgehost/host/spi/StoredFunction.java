package dev.edgehost.host.spi;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import java.time.Instant;
import java.util.Objects;

/**
 * A function as a repository keeps it.
 *
 * @param sha256 the SHA-256 of {@code wasm}
 * @param wasm the module, or the script's UTF-8 for a {@link FunctionKind#JAVASCRIPT} function
 * @param kind what {@code wasm} holds; records written before scripts existed are modules
 */
public record StoredFunction(
        String name, String sha256, byte[] wasm, FunctionSettings settings, Instant deployedAt, FunctionKind kind) {

    public StoredFunction {
        Objects.requireNonNull(kind, "kind");
    }

    /** A stored module. */
    public StoredFunction(String name, String sha256, byte[] wasm, FunctionSettings settings, Instant deployedAt) {
        this(name, sha256, wasm, settings, deployedAt, FunctionKind.WASM);
    }
}

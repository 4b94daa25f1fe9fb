package dev.edgehost.host.spi;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function as a repository keeps it: the version that serves (its module and settings), the
 * kept versions and how traffic is shared between them.
 *
 * @param sha256 the SHA-256 of {@code wasm}
 * @param wasm the serving version's module, or the script's UTF-8 for a {@link FunctionKind#JAVASCRIPT} function
 * @param kind what {@code wasm} holds; records written before scripts existed are modules
 * @param history the kept versions; a record written before versions existed is version 1
 * @param modules by SHA-256, the modules of the other versions traffic goes to (loaded with the
 *     record), and any other version's a save is to write; other kept versions' modules are read
 *     when needed ({@link FunctionRepository#module})
 */
public record StoredFunction(
        String name,
        String sha256,
        byte[] wasm,
        FunctionSettings settings,
        Instant deployedAt,
        FunctionKind kind,
        FunctionHistory history,
        Map<String, byte[]> modules) {

    public StoredFunction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(history, "history");
        modules = Map.copyOf(modules);
    }

    /** A stored function of one version. */
    public StoredFunction(
            String name, String sha256, byte[] wasm, FunctionSettings settings, Instant deployedAt, FunctionKind kind) {
        this(name, sha256, wasm, settings, deployedAt, kind, FunctionHistory.first(sha256, kind, settings, deployedAt), Map.of());
    }

    /** A stored module of one version. */
    public StoredFunction(String name, String sha256, byte[] wasm, FunctionSettings settings, Instant deployedAt) {
        this(name, sha256, wasm, settings, deployedAt, FunctionKind.WASM);
    }

    /** This function with one more module to save, such as a new version's that no traffic goes to yet. */
    public StoredFunction withModule(String moduleSha256, byte[] module) {
        Map<String, byte[]> more = new HashMap<>(modules);
        more.put(moduleSha256, module);
        return new StoredFunction(name, sha256, wasm, settings, deployedAt, kind, history, more);
    }

    /** The module of a version traffic goes to, or {@code null} when it was not loaded with the record. */
    public byte[] module(String moduleSha256) {
        return moduleSha256.equals(sha256) ? wasm : modules.get(moduleSha256);
    }
}

package dev.edgehost.host.spi;

import dev.edgehost.host.FunctionSettings;
import java.time.Instant;

/** A function as kept in the data dir. */
public record StoredFunction(
        String name, String sha256, byte[] wasm, FunctionSettings settings, Instant deployedAt) {}

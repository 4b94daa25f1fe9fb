package dev.edgehost.host.spi;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import java.time.Instant;
import java.util.Objects;

/**
 * One immutable, numbered version of a function: what a deploy made. Immutable, so thread-safe.
 *
 * @param number 1 for a function's first deploy, one more for each deploy after it
 * @param sha256 the SHA-256 of the module, or of the script's UTF-8
 * @param deployedBy who deployed it: for the admin API, the caller ({@code admin token from ADDRESS},
 *     or {@code admin API from ADDRESS} on a host without a token); {@code unknown} for a record
 *     written before versions existed
 */
public record FunctionVersion(
        int number, String sha256, FunctionKind kind, FunctionSettings settings, Instant deployedAt, String deployedBy) {

    /** Who deployed a version recorded before versions existed. */
    public static final String UNKNOWN_DEPLOYER = "unknown";

    public FunctionVersion {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1: " + number);
        }
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(deployedBy, "deployedBy");
    }
}

package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** A function has no such version: never deployed, pruned, or none before the serving one to roll back to. */
public final class VersionNotFoundException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public VersionNotFoundException(String message) {
        super(HttpError.VERSION_NOT_FOUND, message, null);
    }
}

package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The data dir could not be read or written; nothing was changed. */
public final class StorageException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(HttpError.INTERNAL_ERROR, message, cause);
    }
}

package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** Every worker is busy and no more requests may wait. */
public final class OverloadedException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
        super(HttpError.OVERLOADED, message, null);
    }

    public OverloadedException(String message, Throwable cause) {
        super(HttpError.OVERLOADED, message, cause);
    }

    /** A second: a worker frees up well within it, unless the host is shutting down. */
    @Override
    public int retryAfterSeconds() {
        return 1;
    }
}

package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * A failure the host reports to a client. Each subclass is one failure class and names exactly
 * one {@link HttpError}, which fixes the response's status and stable error code.
 */
public abstract class EdgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpError error;

    protected EdgeException(HttpError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The error response this failure maps to. */
    public HttpError error() {
        return error;
    }
}

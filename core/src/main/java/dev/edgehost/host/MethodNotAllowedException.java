package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** A client sent a request method that only the host itself uses, such as {@code SCHEDULED}. */
public final class MethodNotAllowedException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public MethodNotAllowedException(String message) {
        super(HttpError.METHOD_NOT_ALLOWED, message, null);
    }
}

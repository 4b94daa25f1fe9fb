package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** An admin or embedding call is malformed: a bad function name, an unknown setting, a value out of range. */
public final class BadRequestException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(HttpError.BAD_REQUEST, message, null);
    }

    public BadRequestException(String message, Throwable cause) {
        super(HttpError.BAD_REQUEST, message, cause);
    }
}

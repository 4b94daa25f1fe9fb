package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The guest ran past its wall-clock deadline and was stopped. */
public final class GuestTimeoutException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public GuestTimeoutException(String message) {
        super(HttpError.TIMEOUT, message, null);
    }

    public GuestTimeoutException(String message, Throwable cause) {
        super(HttpError.TIMEOUT, message, cause);
    }
}

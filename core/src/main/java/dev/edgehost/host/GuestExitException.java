package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The guest ended itself through WASI {@code proc_exit} with a non-zero code. */
public final class GuestExitException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public GuestExitException(String message) {
        super(HttpError.GUEST_EXIT, message, null);
    }

    public GuestExitException(String message, Throwable cause) {
        super(HttpError.GUEST_EXIT, message, cause);
    }
}

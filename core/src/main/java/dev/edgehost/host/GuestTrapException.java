package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The guest trapped: unreachable, an out-of-bounds access, call stack exhaustion, or a host function trapped it. */
public final class GuestTrapException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public GuestTrapException(String message) {
        super(HttpError.TRAP, message, null);
    }

    public GuestTrapException(String message, Throwable cause) {
        super(HttpError.TRAP, message, cause);
    }
}

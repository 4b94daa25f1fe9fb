package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** Traffic settings that cannot apply: malformed, percents not adding up to 100, unknown versions or sticky kinds. */
public final class InvalidTrafficException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public InvalidTrafficException(String message) {
        super(HttpError.INVALID_TRAFFIC, message, null);
    }
}

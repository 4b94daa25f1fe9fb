package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The request body is larger than the function accepts. */
public final class RequestTooLargeException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public RequestTooLargeException(String message) {
        super(HttpError.REQUEST_TOO_LARGE, message, null);
    }

    public RequestTooLargeException(String message, Throwable cause) {
        super(HttpError.REQUEST_TOO_LARGE, message, cause);
    }
}

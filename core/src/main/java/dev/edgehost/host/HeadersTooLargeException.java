package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The request carries more headers, or more header bytes, than the function accepts. */
public final class HeadersTooLargeException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public HeadersTooLargeException(String message) {
        super(HttpError.HEADERS_TOO_LARGE, message, null);
    }

    public HeadersTooLargeException(String message, Throwable cause) {
        super(HttpError.HEADERS_TOO_LARGE, message, cause);
    }
}

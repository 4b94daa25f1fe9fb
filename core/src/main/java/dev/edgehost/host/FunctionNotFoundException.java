package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** No function, or no admin resource, answers to the requested name. */
public final class FunctionNotFoundException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public FunctionNotFoundException(String message) {
        super(HttpError.NOT_FOUND, message, null);
    }

    public FunctionNotFoundException(String message, Throwable cause) {
        super(HttpError.NOT_FOUND, message, cause);
    }
}

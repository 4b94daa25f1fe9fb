package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * The function is stored, or given at start, but not loaded yet: the host has just started and
 * loads those functions in the background, smallest first, while it already serves those that
 * are in.
 */
public final class FunctionLoadingException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public FunctionLoadingException(String message) {
        super(HttpError.FUNCTION_LOADING, message, null);
    }

    /** A second: most functions load within it, and readiness tells how many are still pending. */
    @Override
    public int retryAfterSeconds() {
        return 1;
    }
}

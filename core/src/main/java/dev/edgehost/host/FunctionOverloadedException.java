package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * One function has as many requests running and waiting as it may (its {@code max-concurrency}
 * and its share of the queue, or one while it is throttled); other functions are still served.
 */
public final class FunctionOverloadedException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public FunctionOverloadedException(String message) {
        super(HttpError.FUNCTION_OVERLOADED, message, null);
    }

    /** A second: the time a worker of the function takes to free up, for most functions. */
    @Override
    public int retryAfterSeconds() {
        return 1;
    }
}

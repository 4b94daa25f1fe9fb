package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * One function has as many requests running and waiting as it may (its {@code max-concurrency}
 * and its share of the queue, or one while it is throttled), or, throttled, has used its share of
 * worker time for now; other functions are still served.
 */
public final class FunctionOverloadedException extends EdgeException {
    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    /** Retry after a second: the time a worker of the function takes to free up, for most functions. */
    public FunctionOverloadedException(String message) {
        this(message, 1);
    }

    /**
     * @param retryAfterSeconds when the function may run again, at least one
     * @throws IllegalArgumentException when {@code retryAfterSeconds} is below one
     */
    public FunctionOverloadedException(String message, int retryAfterSeconds) {
        super(HttpError.FUNCTION_OVERLOADED, message, null);
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be at least 1: " + retryAfterSeconds);
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

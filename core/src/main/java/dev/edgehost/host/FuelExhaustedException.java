package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/** The guest used up its fuel budget and was stopped (ABI spec §8.1). */
public final class FuelExhaustedException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public FuelExhaustedException(String message, Throwable cause) {
        super(HttpError.FUEL_EXHAUSTED, message, cause);
    }
}

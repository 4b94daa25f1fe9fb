package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * The host itself failed while handling a request (a bug, or a resource it could not get): never
 * the guest's doing. Answered {@code 500 internal_error}; the cause is in the host's log, not in
 * the response.
 */
public final class HostFailureException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public HostFailureException(String message, Throwable cause) {
        super(HttpError.INTERNAL_ERROR, message, cause);
    }
}

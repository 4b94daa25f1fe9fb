package dev.edgehost.host.capability;

import dev.edgehost.abi.ErrorCode;

/**
 * A capability refusing an operation with an ABI error code, which the host function returns to
 * the guest. It never leaves the host function: it is a result, not a failure of the request.
 */
public final class AbiErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    public AbiErrorException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

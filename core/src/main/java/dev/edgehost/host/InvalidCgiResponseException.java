package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * A WASI program served as CGI wrote no valid CGI response to its standard output: a malformed
 * header block or {@code Status}, more output than the function's limits allow, or, with
 * {@link CgiOutput#STRICT}, output that does not begin with a header block.
 */
public final class InvalidCgiResponseException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public InvalidCgiResponseException(String message) {
        super(HttpError.INVALID_CGI_RESPONSE, message, null);
    }
}

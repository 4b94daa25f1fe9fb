package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * A JavaScript function's handler threw, or the promise it returned was rejected. The message
 * carries the script's error message and line, never its stack, which goes to the function's log.
 */
public final class ScriptErrorException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public ScriptErrorException(String message) {
        super(HttpError.SCRIPT_ERROR, message, null);
    }
}

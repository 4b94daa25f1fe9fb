package dev.edgehost.host.kv;

/** The backend could not be reached or failed; the operation's outcome is unknown. */
public final class KvUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KvUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.edgehost.host.spi;

/** The backend could not be reached or failed; the operation's outcome is unknown. */
public final class KvUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KvUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

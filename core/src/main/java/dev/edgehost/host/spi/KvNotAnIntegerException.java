package dev.edgehost.host.spi;

/** {@code kv_incr} met a value that is no decimal 64-bit integer, or the sum would overflow. */
public final class KvNotAnIntegerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KvNotAnIntegerException(String message) {
        super(message);
    }
}

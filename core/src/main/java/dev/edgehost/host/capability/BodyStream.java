package dev.edgehost.host.capability;

/**
 * A request body that arrives while the guest runs: {@code req_body_read} takes it from the
 * connection as it comes (ABI spec §4.5), instead of from a body read whole before the guest
 * started. An adapter implements it over its connection. Read by the one thread that runs the
 * request; the adapter fills it from its own.
 */
public interface BodyStream {

    /**
     * Copies the next bytes of the body, waiting until {@code length} of them have arrived or the
     * body ends, so that a guest reads a body in the same steps however its bytes arrive.
     *
     * @return how many bytes were copied: {@code length} unless the body ended first; 0 at the end
     *     of the body or when {@code length} is 0
     * @throws dev.edgehost.host.RequestTooLargeException once the body has turned out larger than
     *     the function's {@code max-request-body}
     * @throws dev.edgehost.host.BadRequestException when the client went away, or was cut off for
     *     sending too slowly, before the end of its body
     * @throws com.dylibso.chicory.runtime.ChicoryInterruptedException when the request's deadline
     *     interrupts the wait
     */
    int read(byte[] target, int offset, int length);

    /** The bytes of the body the guest has read so far. */
    long bytesRead();
}

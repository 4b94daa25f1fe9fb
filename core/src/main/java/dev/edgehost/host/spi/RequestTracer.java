package dev.edgehost.host.spi;

/**
 * Traces function requests: told when each request starts to run, and through the {@link
 * RequestSpan} it answers, of the request's fetches, key-value calls, log lines and end.
 * {@code edge-otel} implements it with OpenTelemetry; the host works the same without one.
 *
 * <p>Implementations must be thread-safe ({@link #start} is called on every worker at once), quick
 * and must never block or throw: whatever they send leaves the host off the request's path.
 */
public interface RequestTracer extends AutoCloseable {

    /**
     * A request starts to run on this worker.
     *
     * @param traceparent the client's W3C {@code traceparent} header, or {@code null}; a span joins
     *     the trace it names and, when it is absent or invalid, starts a new trace
     */
    RequestSpan start(String function, String requestId, String method, String traceparent);

    /** Sends what is still buffered and releases the exporter; the host calls it when it closes. */
    @Override
    default void close() {}
}

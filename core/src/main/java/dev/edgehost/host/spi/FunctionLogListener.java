package dev.edgehost.host.spi;

import dev.edgehost.abi.LogLevel;
import java.time.Instant;

/**
 * Told of every function's log lines and finished requests as they happen, to follow a
 * function's log live: the admin API's log stream, {@code edge-host dev}, a test kit. Called on
 * the worker that ran the request, so implementations must be quick, thread-safe, never block and
 * never throw; lines of one request arrive in order, before its {@link RequestLine}.
 */
public interface FunctionLogListener {

    /** One log line of a request. */
    void logged(LogLine line);

    /** A request finished; its log lines were all delivered before. */
    void finished(RequestLine request);

    /**
     * One line of a function's log.
     *
     * @param source {@code guest} for what the guest logged (the {@code log} import, WASI stdout
     *     and stderr), {@code host} for what the host noted about the request (a refused fetch)
     * @param message at most 8 KiB of characters; longer lines end in {@code ...}
     */
    record LogLine(Instant time, String function, String requestId, String source, LogLevel level, String message) {
        public static final String GUEST = "guest";
        public static final String HOST = "host";
    }

    /**
     * One finished request.
     *
     * @param path the URL's path as the client sent it, without the query
     * @param error the error code when the host answered instead of the guest, else {@code null}
     * @param message why the host answered ({@code the guest trapped: ...}), else {@code null}
     */
    record RequestLine(
            Instant time,
            String function,
            String requestId,
            String method,
            String path,
            int status,
            long totalNanos,
            long fuelUsed,
            String error,
            String message) {}
}

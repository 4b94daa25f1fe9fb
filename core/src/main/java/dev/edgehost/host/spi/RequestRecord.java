package dev.edgehost.host.spi;

/**
 * What one finished function request was and cost.
 *
 * @param function the function's name
 * @param version the first 12 hex digits of the module's SHA-256
 * @param status the HTTP status answered
 * @param error the error code when the host answered instead of the guest, else {@code null}
 * @param totalNanos from dispatch to the guest's response
 * @param traceId the W3C trace id of the request's span when a {@link RequestTracer} traces it, else {@code null}
 * @param spanId the request span's id when traced, else {@code null}
 * @param versionNumber the number of the function's version that ran it ({@code x-edge-version})
 * @param fetchCache how the HTTP cache answered the request's fetches
 */
public record RequestRecord(
        String requestId,
        String function,
        String version,
        String method,
        int status,
        long bytesIn,
        long bytesOut,
        long fuelUsed,
        long instantiateNanos,
        long executeNanos,
        long totalNanos,
        int kvOperations,
        int fetches,
        String error,
        String traceId,
        String spanId,
        int versionNumber,
        FetchCacheCounts fetchCache) {}

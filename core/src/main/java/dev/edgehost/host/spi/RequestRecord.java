package dev.edgehost.host.spi;

/**
 * What one finished function request was and cost.
 *
 * @param function the function's name
 * @param version the first 12 hex digits of the module's SHA-256
 * @param status the HTTP status answered
 * @param error the error code when the host answered instead of the guest, else {@code null}
 * @param totalNanos from dispatch to the guest's response
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
        FetchCacheCounts fetchCache) {

    /** A record of a request whose fetches the cache did not answer. */
    public RequestRecord(
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
            String error) {
        this(requestId, function, version, method, status, bytesIn, bytesOut, fuelUsed, instantiateNanos, executeNanos, totalNanos,
                kvOperations, fetches, error, FetchCacheCounts.NONE);
    }
}

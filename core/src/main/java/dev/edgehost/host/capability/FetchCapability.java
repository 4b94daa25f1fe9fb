package dev.edgehost.host.capability;

/**
 * Outbound HTTP for the function (ABI spec §12). Methods throw {@link AbiErrorException} with the
 * code the guest gets when they refuse or fail.
 */
public interface FetchCapability {

    /**
     * Sends a request and receives its whole response.
     *
     * @param headerLines {@code name: value} lines, each ending in a line feed (the last may not)
     * @return a handle to the response, greater than 0
     */
    int fetch(String method, String url, String headerLines, byte[] body);

    /**
     * Checks and starts a request as {@link #fetch} does, and returns at once while it runs; a
     * failure to reach the origin shows when the handle is waited on.
     *
     * @return a handle to the response, greater than 0
     */
    int start(String method, String url, String headerLines, byte[] body);

    /** Waits until the response's status and headers are in, or throws how the fetch failed. */
    void await(int handle);

    /**
     * Waits until one of the responses is ready or failed.
     *
     * @return the index in {@code handles} of one that is, or -1 when {@code timeoutMillis} passes first
     */
    int awaitAny(int[] handles, long timeoutMillis);

    /** The response a handle names; its methods wait for it as {@link #await} does. */
    FetchResponse response(int handle);

    /** Releases a response; its handle names nothing afterwards. */
    void close(int handle);
}

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

    /** The response a handle names. */
    FetchResponse response(int handle);

    /** Releases a response; its handle names nothing afterwards. */
    void close(int handle);
}

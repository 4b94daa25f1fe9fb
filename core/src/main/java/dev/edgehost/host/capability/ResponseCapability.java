package dev.edgehost.host.capability;

/**
 * The response a guest builds (ABI spec §5). Each method returns the ABI result the guest sees:
 * {@code 0} (or the byte count for {@link #write}) on success, a negative {@link
 * dev.edgehost.abi.ErrorCode} value otherwise.
 */
public interface ResponseCapability {

    /** Sets the status code. */
    int setStatus(int status);

    /** Replaces every value of a header with one value. */
    int setHeader(String name, String value);

    /** Appends one value to a header. */
    int addHeader(String name, String value);

    /** Appends bytes to the body. */
    int write(byte[] bytes);

    /** How many more body bytes {@link #write} accepts; host functions check it before they read a write. */
    long bodyBytesLeft();

    /** The most bytes of header names and values the response may hold together. */
    long headerBytesLimit();

    /**
     * Sends the status, the headers and the body so far, and fixes the status and headers: later
     * calls to change them return {@code -2}. Returns {@code 0}, also when called again.
     */
    int flush();

    /** Whether body bytes go to the client as they are written, which {@link #send} does. */
    boolean streaming();

    /**
     * Sends the first {@code length} bytes of {@code chunk} of a streaming response, counted
     * against the body limit, which the caller checked before it read them.
     */
    void send(byte[] chunk, int length);
}

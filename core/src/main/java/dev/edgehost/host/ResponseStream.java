package dev.edgehost.host;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where an adapter sends a response the guest flushed ({@code resp_flush}, ABI spec §5.6) while it
 * still runs: the status and headers once, then body bytes as the guest writes them, then either
 * a clean end or a cut. An adapter that passes none to {@link EdgeHost#handle(EdgeRequest,
 * ResponseStream)} gets the whole response at the end instead.
 *
 * <p>The host calls every method on the one worker thread that runs the request, in the order
 * {@link #start}, {@link #write} any number of times, then {@link #end} or {@link #abort}; an
 * implementation need not be thread-safe. A method may block while the client is slow to read,
 * which holds back the guest and so keeps memory bounded; it should give up (with an {@link
 * IOException}) after a stall the adapter bounds, and at once when the thread is interrupted, as
 * the request's deadline does.
 */
public interface ResponseStream {

    /**
     * Sends the status and the headers, with the adapter's own (such as {@code x-request-id}); the
     * body follows, of a length not known in advance.
     *
     * @param headers the guest's header names (lower case) and values, in order
     */
    void start(int status, List<Map.Entry<String, String>> headers) throws IOException;

    /** Sends body bytes now; {@code bytes} is the caller's to reuse after the call. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Ends the response cleanly: the client sees a complete body. */
    void end() throws IOException;

    /**
     * Cuts the response, because the request failed after it was flushed: the client must not be
     * able to take what it received as complete (the connection is closed without the end of the
     * body). Never throws.
     */
    void abort();
}

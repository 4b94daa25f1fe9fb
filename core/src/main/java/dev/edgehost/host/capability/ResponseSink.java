package dev.edgehost.host.capability;

import dev.edgehost.host.ResponseStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request's side of a {@link ResponseStream}: whether the guest flushed its response, what it
 * sent, and how the stream ends. The adapter's stream failing (the client went away, stalled past
 * the adapter's bound, or the deadline interrupted a write) breaks the sink: later bytes are
 * dropped, so that the guest runs on to its end or its limits instead of failing for the client.
 * Used by the one thread that runs the request.
 */
public final class ResponseSink {
    private final ResponseStream stream;
    private boolean started;
    private boolean broken;
    private boolean finished;
    private int status;
    private long bytesSent;
    /** Usually only {@code x-edge-version}: one immutable entry, not a list grown per request. */
    private List<Map.Entry<String, String>> hostHeaders = List.of();

    public ResponseSink(ResponseStream stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    /** A host-owned header the flushed head carries besides the guest's, as a whole response would. */
    public void addHostHeader(String name, String value) {
        if (hostHeaders.isEmpty()) {
            hostHeaders = List.of(Map.entry(name, value));
            return;
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(hostHeaders);
        more.add(Map.entry(name, value));
        hostHeaders = more;
    }

    /** Sends the status, the headers and the body so far: what {@code resp_flush} does. */
    void start(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        this.started = true;
        this.status = status;
        List<Map.Entry<String, String>> head = new ArrayList<>(headers);
        head.addAll(hostHeaders);
        try {
            stream.start(status, head);
        } catch (IOException e) {
            fail(e);
            return;
        }
        send(body, body.length);
    }

    /** Sends body bytes now, or drops them once the stream is broken. */
    void send(byte[] bytes, int length) {
        bytesSent += length;
        if (broken || length == 0) {
            return;
        }
        try {
            stream.write(bytes, 0, length);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        broken = true;
        if (e instanceof InterruptedIOException) {
            // The deadline's interrupt stops the guest too; it must outlive the failed write.
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the guest flushed: the client has the status and headers, and the response streams. */
    public boolean started() {
        return started;
    }

    /** The status sent, once {@link #started}. */
    public int status() {
        return status;
    }

    /** The body bytes the guest wrote to the stream, sent or dropped. */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * Ends a started stream once the request is over: cleanly when it succeeded, cut when it
     * failed (or the stream broke), so that a client never takes a failed response for a whole one.
     */
    public void finish(boolean failed) {
        if (!started || finished) {
            return;
        }
        finished = true;
        if (failed || broken) {
            stream.abort();
            return;
        }
        try {
            stream.end();
        } catch (IOException e) {
            stream.abort();
        }
    }
}

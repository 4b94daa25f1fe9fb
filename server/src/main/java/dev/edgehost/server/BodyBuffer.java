package dev.edgehost.server;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body collected up to a limit, in chunks that grow with the bytes that actually
 * arrive: a declared length never sizes an allocation, so a client that announces a large body
 * and sends little costs the host little. The bytes are copied once more, into an array of their
 * exact size, when the body is complete.
 */
final class BodyBuffer {
    private static final int FIRST_CHUNK = 4 << 10;
    private static final int LARGEST_CHUNK = 1 << 20;
    private static final long DRAIN_SLACK = 1 << 20;

    private final long maxBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    BodyBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Reads a blocking request's body up to {@code maxBytes}.
     *
     * @return the body, or {@code null} when it is larger than {@code maxBytes}
     */
    static byte[] readRequest(HttpServerExchange exchange, long maxBytes) throws IOException {
        InputStream in = exchange.getInputStream();
        byte[] body = read(in, maxBytes);
        if (body == null && !skipToEnd(in, DRAIN_SLACK)) {
            // Closing the stream would read the rest, however long; the connection closes instead.
            exchange.setPersistent(false);
        }
        return body;
    }

    /**
     * Reads on past a refused body, so that a client still sending one just over the limit ends
     * it and reads the refusal, instead of a connection reset with unread bytes.
     *
     * @return whether the stream ended within {@code maxBytes}
     */
    private static boolean skipToEnd(InputStream in, long maxBytes) throws IOException {
        byte[] discard = new byte[16 << 10];
        long skipped = 0;
        for (int read = in.read(discard); read >= 0; read = in.read(discard)) {
            skipped += read;
            if (skipped > maxBytes) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a stream to its end.
     *
     * @return the bytes, or {@code null} when the stream holds more than {@code maxBytes}; the rest
     *     is then left unread
     */
    static byte[] read(InputStream in, long maxBytes) throws IOException {
        BodyBuffer body = new BodyBuffer(maxBytes);
        byte[] chunk = new byte[16 << 10];
        for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
            if (!body.append(ByteBuffer.wrap(chunk, 0, read))) {
                return null;
            }
        }
        return body.toByteArray();
    }

    /**
     * Takes every remaining byte of {@code bytes}.
     *
     * @return {@code false}, keeping nothing of {@code bytes}, when the body would exceed the limit
     */
    boolean append(ByteBuffer bytes) {
        if (bytes.remaining() > maxBytes - size) {
            return false;
        }
        size += bytes.remaining();
        while (bytes.hasRemaining()) {
            if (current == null || used == current.length) {
                // Doubling keeps the chunk count logarithmic; the cap keeps the unused tail small.
                int length = current == null ? FIRST_CHUNK : Math.min(current.length * 2, LARGEST_CHUNK);
                current = new byte[length];
                chunks.add(current);
                used = 0;
            }
            int take = Math.min(bytes.remaining(), current.length - used);
            bytes.get(current, used, take);
            used += take;
        }
        return true;
    }

    long size() {
        return size;
    }

    /** The whole body; the chunks are released, so the buffer is empty afterwards. */
    byte[] toByteArray() {
        byte[] body = new byte[(int) size];
        int at = 0;
        for (byte[] chunk : chunks) {
            int take = (int) Math.min(chunk.length, size - at);
            System.arraycopy(chunk, 0, body, at, take);
            at += take;
        }
        chunks.clear();
        current = null;
        used = 0;
        size = 0;
        return body;
    }
}

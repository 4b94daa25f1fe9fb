package dev.edgehost.server;

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

    private final long maxBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    BodyBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
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
        clear();
        return body;
    }

    /** Releases the chunks. */
    void clear() {
        chunks.clear();
        current = null;
        used = 0;
        size = 0;
    }
}

package dev.edgehost.host.capability;

import java.util.Objects;

/** A body read front to back in chunks, as {@code req_body_read} and {@code fetch_body_read} do. */
public final class BodyReader {
    private final byte[] body;
    private int position;

    public BodyReader(byte[] body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    /** Copies the next bytes; 0 at the end or when {@code length} is 0. */
    public int read(byte[] target, int offset, int length) {
        int count = Math.min(length, body.length - position);
        System.arraycopy(body, position, target, offset, count);
        position += count;
        return count;
    }
}

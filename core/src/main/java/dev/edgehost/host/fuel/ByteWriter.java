package dev.edgehost.host.fuel;

import java.util.Arrays;

/**
 * Writes Wasm binary encodings into one growing array. A writer can be reset and reused, and one
 * writer's bytes written into another without an intermediate copy: instrumenting a large module
 * allocated several copies of its output before.
 */
final class ByteWriter {
    private byte[] buffer;
    private int size;

    ByteWriter() {
        this(32);
    }

    /** @param capacity the bytes to make room for at once; a writer of a known size never grows */
    ByteWriter(int capacity) {
        this.buffer = new byte[Math.max(1, capacity)];
    }

    private void room(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new InstrumentationException("the instrumented module would exceed 2 GiB");
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8L, buffer.length * 2L)));
        }
    }

    ByteWriter u8(int value) {
        room(1);
        buffer[size++] = (byte) value;
        return this;
    }

    ByteWriter u32(long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            u8(rest != 0 ? b | 0x80 : b);
        } while (rest != 0);
        return this;
    }

    ByteWriter s64(long value) {
        long rest = value;
        while (true) {
            int b = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    ByteWriter bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    ByteWriter bytes(byte[] bytes, int start, int end) {
        room(end - start);
        System.arraycopy(bytes, start, buffer, size, end - start);
        size += end - start;
        return this;
    }

    /** Writes the bytes of another writer. */
    ByteWriter bytes(ByteWriter content) {
        return bytes(content.buffer, 0, content.size);
    }

    /** Writes the bytes of another writer, prefixed by their length: a section or a body. */
    ByteWriter sized(ByteWriter content) {
        return u32(content.size()).bytes(content);
    }

    /** Forgets what was written, keeping the room: for the next body. */
    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    /** The bytes written, as a copy. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /**
     * The bytes written, without a copy when the writer was sized exactly; the writer is not
     * written to afterwards.
     */
    byte[] finish() {
        return size == buffer.length ? buffer : toByteArray();
    }

    /** The bytes a u32 LEB128 of {@code value} takes. */
    static int u32Size(long value) {
        int bytes = 1;
        for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
            bytes++;
        }
        return bytes;
    }
}

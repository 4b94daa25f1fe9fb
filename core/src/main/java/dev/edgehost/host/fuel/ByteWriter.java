package dev.edgehost.host.fuel;

import java.io.ByteArrayOutputStream;

/** Writes Wasm binary encodings. */
final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ByteWriter u8(int value) {
        out.write(value);
        return this;
    }

    ByteWriter u32(long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest != 0 ? b | 0x80 : b);
        } while (rest != 0);
        return this;
    }

    ByteWriter s64(long value) {
        long rest = value;
        while (true) {
            int b = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    ByteWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    ByteWriter bytes(byte[] bytes, int start, int end) {
        out.write(bytes, start, end - start);
        return this;
    }

    /** Writes the bytes of another writer, prefixed by their length: a section or a body. */
    ByteWriter sized(ByteWriter content) {
        u32(content.size());
        out.writeBytes(content.toByteArray());
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}

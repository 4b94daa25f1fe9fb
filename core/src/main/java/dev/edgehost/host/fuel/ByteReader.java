package dev.edgehost.host.fuel;

/** Reads Wasm binary encodings (bytes, LEB128 integers) from an array, with bounds checks. */
final class ByteReader {
    private final byte[] bytes;
    private int position;
    private int end;

    ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    int u8() {
        if (position >= end) {
            throw new InstrumentationException("unexpected end of module at byte " + position);
        }
        return bytes[position++] & 0xFF;
    }

    /** The next byte, without consuming it. */
    int peek() {
        if (position >= end) {
            throw new InstrumentationException("unexpected end of module at byte " + position);
        }
        return bytes[position] & 0xFF;
    }

    long u32() {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new InstrumentationException("integer too long at byte " + position);
    }

    /** Skips a signed LEB128 of at most {@code bits} bits (s32, s33 or s64). */
    void skipSigned(int bits) {
        int maxBytes = (bits + 6) / 7;
        for (int i = 0; i < maxBytes; i++) {
            if ((u8() & 0x80) == 0) {
                return;
            }
        }
        throw new InstrumentationException("integer too long at byte " + position);
    }

    /** A signed LEB128 of at most 33 bits: a block type's type index. */
    long s33() {
        long result = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return shift < 64 && (b & 0x40) != 0 ? result | (-1L << shift) : result;
            }
        }
        throw new InstrumentationException("integer too long at byte " + position);
    }

    /** A signed LEB128 of at most 32 bits: an {@code i32.const}'s value (read as {@link #s33}, whose five bytes cover it). */
    int s32() {
        return (int) s33();
    }

    /** A reader of the same bytes from the current position on, which reads ahead without moving this one. */
    ByteReader ahead() {
        return new ByteReader(bytes, position, end);
    }

    void skip(int count) {
        if (count < 0 || position + count > end) {
            throw new InstrumentationException("unexpected end of module at byte " + position);
        }
        position += count;
    }

    /** Writes the bytes from {@code start} to the current position into {@code out}. */
    void copyTo(ByteWriter out, int start) {
        out.bytes(bytes, start, position);
    }

    /** A reader over the same bytes, for {@link #immediates}. */
    ByteReader sameBytes() {
        return new ByteReader(bytes, 0, 0);
    }

    /**
     * Points {@code reader}, one of {@link #sameBytes}, at the immediates of the instruction that
     * starts at {@code start} and ends here: one reader serves every instruction of a body, where
     * one per instruction was most of what instrumenting a large module still allocated.
     */
    ByteReader immediates(int start, ByteReader reader) {
        if (reader.bytes != bytes) {
            throw new IllegalArgumentException("a reader over other bytes");
        }
        reader.position = start + 1;
        reader.end = position;
        return reader;
    }

}

package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import dev.edgehost.abi.ErrorCode;
import java.util.function.Consumer;

/**
 * Bounds-checked access to a guest's linear memory, with the ABI's byte-string conventions (ABI
 * spec §3). Pointers and lengths are unsigned 32-bit values; any byte of a range outside memory
 * traps the guest, as the spec requires, instead of reading or writing anything. Every copy is
 * charged to the request's {@link HostWork} before it is made, and a large one looks at the
 * deadline between chunks. Callers check lengths against their limits before they read.
 */
final class GuestMemory {
    private final Memory memory;
    private final HostWork work;

    GuestMemory(Memory memory, HostWork work) {
        this.memory = memory;
        this.work = work;
    }

    /** The request's host work, for what a host function pays beyond copying. */
    HostWork work() {
        return work;
    }

    /** The bytes at {@code [ptr, ptr + len)}. */
    byte[] read(int ptr, int len) {
        checkRange(ptr, len);
        work.chargeBytes(len);
        if (len <= HostWork.CHUNK_BYTES) {
            return memory.readBytes(ptr, len);
        }
        byte[] bytes = new byte[len];
        for (int done = 0; done < len; done += HostWork.CHUNK_BYTES) {
            work.checkDeadline();
            int chunk = Math.min(HostWork.CHUNK_BYTES, len - done);
            System.arraycopy(memory.readBytes(ptr + done, chunk), 0, bytes, done, chunk);
        }
        return bytes;
    }

    /** The string at {@code [ptr, ptr + len)}, checked to lie in memory and read only when asked. */
    GuestBytes range(int ptr, int len) {
        checkRange(ptr, len);
        return new GuestBytes() {
            @Override
            public int length() {
                return len;
            }

            @Override
            public byte[] read() {
                return GuestMemory.this.read(ptr, len);
            }
        };
    }

    /**
     * Reads {@code [ptr, ptr + len)} chunk by chunk into {@code consumer}, without holding it
     * all: for work over strings as large as memory, such as hashing.
     */
    void readChunks(int ptr, int len, ChunkConsumer consumer) {
        checkRange(ptr, len);
        work.chargeBytes(len);
        for (int done = 0; done < len; done += HostWork.CHUNK_BYTES) {
            work.checkDeadline();
            int chunk = Math.min(HostWork.CHUNK_BYTES, len - done);
            consumer.accept(memory.readBytes(ptr + done, chunk), chunk);
        }
    }

    /** Takes one chunk of {@link #readChunks}. */
    @FunctionalInterface
    interface ChunkConsumer {
        void accept(byte[] chunk, int length);
    }

    /** Writes all of {@code bytes} at {@code ptr}. */
    void write(int ptr, byte[] bytes) {
        write(ptr, bytes, bytes.length);
    }

    /** Writes the first {@code length} bytes of {@code bytes} at {@code ptr}. */
    void write(int ptr, byte[] bytes, int length) {
        checkRange(ptr, length);
        work.chargeBytes(length);
        for (int done = 0; done < length; done += HostWork.CHUNK_BYTES) {
            if (done > 0) {
                work.checkDeadline();
            }
            memory.write(ptr + done, bytes, done, Math.min(HostWork.CHUNK_BYTES, length - done));
        }
    }

    /**
     * Writes {@code [ptr, ptr + len)} with what {@code producer} puts into each chunk, paid for
     * before the chunks are made.
     */
    void fill(int ptr, int len, Consumer<byte[]> producer) {
        checkRange(ptr, len);
        work.chargeBytes(len);
        for (int done = 0; done < len; done += HostWork.CHUNK_BYTES) {
            if (done > 0) {
                work.checkDeadline();
            }
            byte[] chunk = new byte[Math.min(HostWork.CHUNK_BYTES, len - done)];
            producer.accept(chunk);
            memory.write(ptr + done, chunk);
        }
    }

    /** Reads the little-endian i64 at {@code ptr}. */
    long readLong(int ptr) {
        checkRange(ptr, Long.BYTES);
        work.chargeBytes(Long.BYTES);
        return memory.readLong(ptr);
    }

    /** Writes a little-endian i32 at {@code ptr}. */
    void writeInt(int ptr, int value) {
        checkRange(ptr, Integer.BYTES);
        work.chargeBytes(Integer.BYTES);
        memory.writeI32(ptr, value);
    }

    /** Writes a little-endian i64 at {@code ptr}. */
    void writeLong(int ptr, long value) {
        checkRange(ptr, Long.BYTES);
        work.chargeBytes(Long.BYTES);
        memory.writeLong(ptr, value);
    }

    /**
     * Writes {@code min(value.length, cap)} bytes of {@code value} at {@code buf} and returns the
     * full length, so a guest whose buffer was too small can retry with a bigger one (§3.2).
     * The whole buffer {@code [buf, buf + cap)} must lie in memory.
     */
    int writeResult(int buf, int cap, byte[] value) {
        if (cap < 0) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        checkRange(buf, cap);
        write(buf, value, Math.min(value.length, cap));
        return value.length;
    }

    /** Traps unless an array of {@code count} (unsigned) entries of {@code size} bytes at {@code ptr} lies in memory. */
    void checkArray(int ptr, int count, int size) {
        long bytes = Integer.toUnsignedLong(count) * size;
        if (bytes > Integer.toUnsignedLong(-1)) {
            throw new TrapException(
                    "out of bounds memory access: " + Integer.toUnsignedString(count) + " entries of " + size + " bytes at " + Integer.toUnsignedString(ptr));
        }
        checkRange(ptr, (int) bytes);
    }

    /** Traps unless {@code [ptr, ptr + len)} lies in memory. */
    void checkRange(int ptr, int len) {
        long start = Integer.toUnsignedLong(ptr);
        long end = start + Integer.toUnsignedLong(len);
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        if (end > size) {
            throw new TrapException(
                    "out of bounds memory access: [" + start + ", " + end + ") outside " + size + " bytes");
        }
    }
}

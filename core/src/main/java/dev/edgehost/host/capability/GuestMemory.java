package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import dev.edgehost.abi.ErrorCode;

/**
 * Bounds-checked access to a guest's linear memory, with the ABI's byte-string conventions (ABI
 * spec §3). Pointers and lengths are unsigned 32-bit values; any byte of a range outside memory
 * traps the guest, as the spec requires, instead of reading or writing anything.
 */
final class GuestMemory {
    private final Memory memory;

    GuestMemory(Memory memory) {
        this.memory = memory;
    }

    /** The bytes at {@code [ptr, ptr + len)}. */
    byte[] read(int ptr, int len) {
        checkRange(ptr, len);
        return memory.readBytes(ptr, len);
    }

    /** Writes all of {@code bytes} at {@code ptr}. */
    void write(int ptr, byte[] bytes) {
        checkRange(ptr, bytes.length);
        memory.write(ptr, bytes);
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
        memory.write(buf, value, 0, Math.min(value.length, cap));
        return value.length;
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

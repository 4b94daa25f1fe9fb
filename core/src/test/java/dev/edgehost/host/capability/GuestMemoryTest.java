package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.GuestTestSupport.MEMORY_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
    private static final byte MARK = 0x55;
    private static final byte[] VALUE = {1, 2, 3, 4, 5};

    private final Memory memory = GuestTestSupport.memory();
    private final GuestMemory guestMemory = new GuestMemory(memory, GuestTestSupport.work());

    /** Fills {@code [ptr, ptr + len)} with {@link #MARK} so that untouched bytes can be told apart. */
    private void mark(int ptr, int len) {
        byte[] marks = new byte[len];
        Arrays.fill(marks, MARK);
        memory.write(ptr, marks);
    }

    @Test
    void read_rangeInsideMemory_returnsThoseBytes() {
        memory.write(100, VALUE);

        assertArrayEquals(new byte[] {2, 3, 4}, guestMemory.read(101, 3));
    }

    @Test
    void read_rangeEndingAtMemoryEnd_returnsThoseBytes() {
        memory.write(MEMORY_BYTES - 2, new byte[] {7, 8});

        assertArrayEquals(new byte[] {7, 8}, guestMemory.read(MEMORY_BYTES - 2, 2));
    }

    @Test
    void read_rangeOneBytePastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> guestMemory.read(MEMORY_BYTES - 2, 3));
    }

    @Test
    void read_emptyRangeAtMemoryEnd_returnsNoBytes() {
        // §3.4: an empty range is inside memory when ptr is at most the memory size.
        assertArrayEquals(new byte[0], guestMemory.read(MEMORY_BYTES, 0));
    }

    @Test
    void read_emptyRangePastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> guestMemory.read(MEMORY_BYTES + 1, 0));
    }

    @Test
    void read_pointerNegativeAsSignedInt_traps() {
        // -1 is the unsigned address 2^32 - 1, far past the end.
        assertThrows(TrapException.class, () -> guestMemory.read(-1, 1));
    }

    @Test
    void read_lengthNegativeAsSignedInt_traps() {
        // §3.1: a "negative" length is a range of at least 2 GiB, not an error code.
        assertThrows(TrapException.class, () -> guestMemory.read(0, -1));
    }

    @Test
    void read_rangeWrappingAround2To32_traps() {
        // In 32-bit arithmetic 0xFFFFFFF0 + 32 is 16, which would look in bounds.
        assertThrows(TrapException.class, () -> guestMemory.read(0xFFFF_FFF0, 32));
    }

    @Test
    void read_lengthWrappingAround2To32_traps() {
        // 16 + 0xFFFFFFF0 is exactly 2^32, which is 0 in 32-bit arithmetic.
        assertThrows(TrapException.class, () -> guestMemory.read(16, 0xFFFF_FFF0));
    }

    @Test
    void read_rangeInPageAddedByGrow_returnsThoseBytes() {
        // The bound is the current size of the memory, not its initial size.
        memory.grow(1);
        memory.write(MEMORY_BYTES + 10, VALUE);

        assertArrayEquals(VALUE, guestMemory.read(MEMORY_BYTES + 10, VALUE.length));
    }

    @Test
    void write_rangeInsideMemory_writesAllBytes() {
        guestMemory.write(200, VALUE);

        assertArrayEquals(VALUE, memory.readBytes(200, VALUE.length));
    }

    @Test
    void write_rangePartlyPastMemoryEnd_trapsWithoutWriting() {
        mark(MEMORY_BYTES - 3, 3);

        assertThrows(TrapException.class, () -> guestMemory.write(MEMORY_BYTES - 3, VALUE));

        assertArrayEquals(new byte[] {MARK, MARK, MARK}, memory.readBytes(MEMORY_BYTES - 3, 3));
    }

    @Test
    void write_pointerNegativeAsSignedInt_traps() {
        assertThrows(TrapException.class, () -> guestMemory.write(-2, VALUE));
    }

    @Test
    void writeResult_capLargerThanValue_writesValueLeavesRestUntouchedAndReturnsLength() {
        mark(300, 8);

        int result = guestMemory.writeResult(300, 8, VALUE);

        assertEquals(5, result);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, MARK, MARK, MARK}, memory.readBytes(300, 8));
    }

    @Test
    void writeResult_capEqualToValue_writesWholeValueAndReturnsLength() {
        mark(300, 6);

        int result = guestMemory.writeResult(300, 5, VALUE);

        assertEquals(5, result);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, MARK}, memory.readBytes(300, 6));
    }

    @Test
    void writeResult_capSmallerThanValue_writesPrefixAndReturnsFullLength() {
        mark(300, 4);

        int result = guestMemory.writeResult(300, 3, VALUE);

        assertEquals(5, result);
        assertArrayEquals(new byte[] {1, 2, 3, MARK}, memory.readBytes(300, 4));
    }

    @Test
    void writeResult_capZero_writesNothingAndReturnsFullLength() {
        mark(300, 1);

        int result = guestMemory.writeResult(300, 0, VALUE);

        assertEquals(5, result);
        assertEquals(MARK, memory.read(300));
    }

    @Test
    void writeResult_capZeroAtMemoryEnd_returnsFullLength() {
        assertEquals(5, guestMemory.writeResult(MEMORY_BYTES, 0, VALUE));
    }

    @Test
    void writeResult_emptyValue_writesNothingAndReturnsZero() {
        mark(300, 1);

        int result = guestMemory.writeResult(300, 4, new byte[0]);

        assertEquals(0, result);
        assertEquals(MARK, memory.read(300));
    }

    @Test
    void writeResult_negativeCap_returnsInvalidArgumentWithoutWriting() {
        mark(300, 1);

        int result = guestMemory.writeResult(300, -1, VALUE);

        assertEquals(-2, result);
        assertEquals(MARK, memory.read(300));
    }

    @Test
    void writeResult_minimumIntCap_returnsInvalidArgument() {
        assertEquals(-2, guestMemory.writeResult(300, Integer.MIN_VALUE, VALUE));
    }

    @Test
    void writeResult_bufferPastMemoryEndThoughValueFits_trapsWithoutWriting() {
        // §3.2 step 2: the whole buffer must be inside memory, even when fewer bytes would be written.
        mark(MEMORY_BYTES - 8, 8);

        assertThrows(TrapException.class, () -> guestMemory.writeResult(MEMORY_BYTES - 8, 16, VALUE));

        assertArrayEquals(new byte[] {MARK, MARK, MARK, MARK, MARK}, memory.readBytes(MEMORY_BYTES - 8, 5));
    }

    @Test
    void writeResult_bufferWrappingAround2To32_traps() {
        assertThrows(TrapException.class, () -> guestMemory.writeResult(-8, 16, VALUE));
    }

    @Test
    void writeResult_bufferPointerNegativeAsSignedInt_traps() {
        assertThrows(TrapException.class, () -> guestMemory.writeResult(Integer.MIN_VALUE, 1, VALUE));
    }

    @Test
    void checkRange_wholeMemoryButNotOneByteMore_trapsOnlyForTheLarger() {
        guestMemory.checkRange(0, MEMORY_BYTES);

        assertThrows(TrapException.class, () -> guestMemory.checkRange(0, MEMORY_BYTES + 1));
    }

    @Test
    void checkRange_outOfBounds_trapsNamingTheRange() {
        TrapException trap = assertThrows(TrapException.class, () -> guestMemory.checkRange(-1, 2));

        // The range is reported unsigned, as the guest meant it.
        assertTrue(trap.getMessage().contains("[4294967295, 4294967297)"), trap.getMessage());
    }
}

package dev.edgehost.host.instances;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

class PagedMemoryTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    @Test
    void writeLong_acrossAPageBoundary_readsBackAndIsRestored() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(2, 4));
        MemoryImage image = memory.capture();
        memory.writeLong(PAGE - 3, 0x0102030405060708L);

        assertEquals(0x0102030405060708L, memory.readLong(PAGE - 3));
        memory.restore(image);
        assertEquals(0, memory.readLong(PAGE - 3));
    }

    @Test
    void writeI32_spillingIntoTheNextPage_thenRestore_bringsBackBothPages() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(3, 4));
        memory.writeI32(2 * PAGE, 0x11223344);
        memory.writeI32(2 * PAGE - 4, 0x55667788);
        MemoryImage image = memory.capture();
        memory.writeI32(2 * PAGE - 2, -1);

        memory.restore(image);

        assertEquals(0x55667788, memory.readInt(2 * PAGE - 4));
        assertEquals(0x11223344, memory.readInt(2 * PAGE));
    }

    @Test
    void writeLong_spillingIntoAPagePastTheImage_thenRestoreAndGrow_readsZero() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 8));
        memory.grow(3);
        MemoryImage onePage = new PagedMemory(new MemoryLimits(1, 8)).capture();
        memory.restore(onePage);
        memory.grow(2);
        memory.writeLong(2 * PAGE - 3, -1L);

        memory.restore(onePage);
        memory.grow(2);

        assertEquals(0, memory.readLong(2 * PAGE - 3));
    }

    @Test
    void read_pastTheEnd_traps() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 2));

        assertThrows(WasmRuntimeException.class, () -> memory.readInt(PAGE - 2));
        assertThrows(WasmRuntimeException.class, () -> memory.read(PAGE));
        assertThrows(WasmRuntimeException.class, () -> memory.writeByte(-1, (byte) 1));
        assertThrows(WasmRuntimeException.class, () -> memory.write(PAGE - 1, new byte[2], 0, 2));
    }

    @Test
    void grow_pastTheMaximum_failsAndRestoreDropsGrownPages() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 2));
        MemoryImage image = memory.capture();

        assertEquals(-1, memory.grow(2));
        assertEquals(1, memory.grow(1));
        memory.writeByte(PAGE + 5, (byte) 9);
        memory.restore(image);
        assertEquals(1, memory.pages());
        assertThrows(WasmRuntimeException.class, () -> memory.read(PAGE + 5));
        memory.grow(1);
        assertEquals(0, memory.read(PAGE + 5));
    }

    @Test
    void restore_bringsBackOnlyTheImage_afterFillCopyAndInit() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(3, 3));
        memory.write(10, new byte[] {1, 2, 3}, 0, 3);
        MemoryImage image = memory.capture();

        memory.fill((byte) 7, PAGE - 2, 2 * PAGE + 2);
        memory.copy(2 * PAGE + 100, 10, 3);
        memory.restore(image);

        assertArrayEquals(new byte[] {1, 2, 3}, memory.readBytes(10, 3));
        assertArrayEquals(new byte[4], memory.readBytes(PAGE - 2, 4));
        assertArrayEquals(new byte[4], memory.readBytes(2 * PAGE, 4));
        assertArrayEquals(new byte[3], memory.readBytes(2 * PAGE + 100, 3));
    }

    @Test
    void copy_overlappingForwardAcrossPages_movesEveryByte() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(2, 2));
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        memory.write(PAGE - 200, bytes, 0, bytes.length);

        memory.copy(PAGE - 100, PAGE - 200, 300);

        assertArrayEquals(bytes, memory.readBytes(PAGE - 100, 300));
    }

    @Test
    void grow_pageByPageBeyondTheArray_thenRestore_bringsBackTheImageAndZeroesTheGrownPages() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 64));
        memory.writeI32(100, 42);
        MemoryImage image = memory.capture();

        memory.writeI32(200, 7);
        for (int i = 1; i < 40; i++) {
            assertEquals(i, memory.grow(1));
            memory.writeByte(i * PAGE + 3, (byte) i);
        }
        assertEquals(39, memory.read(39 * PAGE + 3));
        memory.restore(image);

        assertEquals(1, memory.pages());
        assertEquals(42, memory.readInt(100));
        assertEquals(0, memory.readInt(200));
        assertThrows(WasmRuntimeException.class, () -> memory.read(PAGE + 3));
        assertEquals(1, memory.grow(39));
        for (int i = 1; i < 40; i++) {
            assertEquals(0, memory.read(i * PAGE + 3), "page " + i + " is zero again");
        }
    }

    @Test
    void grow_withinTheArray_thenRestore_zeroesThePagesPastTheImage() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 8));
        memory.grow(3);
        memory.restore(memory.capture());
        MemoryImage onePage = new PagedMemory(new MemoryLimits(1, 8)).capture();
        memory.writeByte(3 * PAGE, (byte) 5);
        memory.restore(onePage);

        assertEquals(1, memory.pages());
        memory.grow(3);
        assertEquals(0, memory.read(3 * PAGE));
    }

    @Test
    void restore_toALargerImageWithinTheArray_copiesThePagesPastTheOldSize() {
        PagedMemory source = new PagedMemory(new MemoryLimits(3, 8));
        source.writeByte(2 * PAGE + 9, (byte) 77);
        MemoryImage threePages = source.capture();
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 8));
        memory.grow(4);
        memory.restore(new PagedMemory(new MemoryLimits(1, 8)).capture());

        memory.restore(threePages);

        assertEquals(3, memory.pages());
        assertEquals(77, memory.read(2 * PAGE + 9));
    }

    @Test
    void markAllDirty_thenRestore_replacesWhateverTheMemoryHeld() {
        PagedMemory source = new PagedMemory(new MemoryLimits(2, 4));
        source.writeByte(PAGE + 1, (byte) 3);
        MemoryImage image = source.capture();
        PagedMemory memory = new PagedMemory(new MemoryLimits(2, 4));
        memory.write(0, new byte[] {9, 9}, 0, 2);
        memory.capture();
        memory.writeByte(PAGE + 1, (byte) 1);

        memory.markAllDirty();
        memory.restore(image);

        assertArrayEquals(new byte[2], memory.readBytes(0, 2));
        assertEquals(3, memory.read(PAGE + 1));
    }

    @Test
    void access_atTheLastBytesAndAnUnsignedAddress_isCheckedAgainstTheSize() {
        PagedMemory memory = new PagedMemory(new MemoryLimits(1, 2));
        memory.writeLong(PAGE - 8, -1L);

        assertEquals(-1L, memory.readLong(PAGE - 8));
        assertThrows(WasmRuntimeException.class, () -> memory.readLong(PAGE - 7));
        assertThrows(WasmRuntimeException.class, () -> memory.readInt(0x8000_0000));
        assertThrows(WasmRuntimeException.class, () -> memory.writeShort(-2, (short) 1));
        assertEquals(0, memory.readBytes(PAGE, 0).length);
    }
}

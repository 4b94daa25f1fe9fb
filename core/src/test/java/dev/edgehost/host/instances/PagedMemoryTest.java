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
}

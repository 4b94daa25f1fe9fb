package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A linear memory that remembers which 64 KiB pages were written since it was last restored, so
 * that a pooled instance goes back to its snapshot by copying only those pages
 * ({@link #restore(MemoryImage)}). Each page is its own array; every page at or past the current
 * size is {@code null}, and each access checks the page index against the size, so nothing past
 * the end is ever readable.
 */
final class PagedMemory implements Memory {
    private static final int SHIFT = 16;
    private static final int MASK = PAGE_SIZE - 1;
    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);
    private static final VarHandle FLOAT = view(float[].class);
    private static final VarHandle DOUBLE = view(double[].class);

    private final MemoryLimits limits;
    private final byte[][] pages;
    private final boolean[] dirty;
    private int size;
    /** The largest size since the last restore: pages up to here may need dropping. */
    private int peak;
    private DataSegment[] dataSegments = new DataSegment[0];

    PagedMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new IllegalArgumentException("shared memories are not pooled");
        }
        this.limits = limits;
        int maximum = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        this.pages = new byte[maximum][];
        this.dirty = new boolean[maximum];
        for (int i = 0; i < limits.initialPages(); i++) {
            pages[i] = new byte[PAGE_SIZE];
        }
        this.size = limits.initialPages();
        this.peak = size;
    }

    private static VarHandle view(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the current contents and data segments; the memory counts as clean afterwards. */
    MemoryImage capture() {
        byte[][] content = new byte[size][];
        for (int i = 0; i < size; i++) {
            content[i] = MemoryImage.isZero(pages[i]) ? null : pages[i].clone();
            dirty[i] = false;
        }
        for (int i = size; i < peak; i++) {
            dirty[i] = false;
        }
        peak = size;
        return new MemoryImage(content, dataSegments.clone());
    }

    /**
     * Puts the memory back to an image: the written pages get the image's bytes again, pages grown
     * past it are dropped, and dropped data segments come back.
     */
    void restore(MemoryImage image) {
        int target = image.pages();
        for (int i = 0; i < target; i++) {
            if (pages[i] == null) {
                pages[i] = new byte[PAGE_SIZE];
                image.copyPage(i, pages[i]);
            } else if (dirty[i]) {
                image.copyPage(i, pages[i]);
            }
            dirty[i] = false;
        }
        for (int i = target; i < peak; i++) {
            pages[i] = null;
            dirty[i] = false;
        }
        size = target;
        peak = target;
        image.restoreSegments(dataSegments);
    }

    /** Marks every present page written, so the next restore copies all of them. */
    void markAllDirty() {
        Arrays.fill(dirty, 0, size, true);
    }

    /** The bytes this memory holds now. */
    long retainedBytes() {
        return (long) size * PAGE_SIZE;
    }

    private byte[] page(int addr, int length) {
        int index = addr >>> SHIFT;
        if (index >= size) {
            throw outOfBounds(addr, length);
        }
        return pages[index];
    }

    private byte[] writablePage(int addr, int length) {
        byte[] page = page(addr, length);
        dirty[addr >>> SHIFT] = true;
        return page;
    }

    private void checkRange(int addr, long length) {
        if (addr < 0 || length < 0 || addr + length > (long) size * PAGE_SIZE) {
            throw outOfBounds(addr, length);
        }
    }

    private void markDirty(int addr, int length) {
        if (length > 0) {
            Arrays.fill(dirty, addr >>> SHIFT, ((addr + length - 1) >>> SHIFT) + 1, true);
        }
    }

    private static WasmRuntimeException outOfBounds(int addr, long length) {
        return new WasmRuntimeException(
                "out of bounds memory access: address " + Integer.toUnsignedString(addr) + ", length " + length);
    }

    @Override
    public int pages() {
        return size;
    }

    @Override
    public int grow(int delta) {
        int previous = size;
        long target = (long) previous + delta;
        if (delta < 0) {
            return -1;
        }
        if (target > maximumPages()) {
            MemoryCap.refuse();
            return -1;
        }
        for (int i = previous; i < target; i++) {
            pages[i] = new byte[PAGE_SIZE];
        }
        size = (int) target;
        peak = Math.max(peak, size);
        return previous;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return pages.length;
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** Atomic instructions are refused at deploy, so only the host could take this lock. */
    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("wait on a memory that is not shared");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("wait on a memory that is not shared");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        this.dataSegments = segments;
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment && ((ActiveDataSegment) segment).index() == memoryIndex) {
                ActiveDataSegment active = (ActiveDataSegment) segment;
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (offset < 0 || (long) offset + data.length > (long) size * PAGE_SIZE) {
                    throw new UninstantiableException("out of bounds memory access");
                }
                write(offset, data, 0, data.length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int length) {
        byte[] data = dataSegments[segmentId].data();
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw outOfBounds(dest, length);
        }
        write(dest, data, offset, length);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw outOfBounds(addr, length);
        }
        checkRange(addr, length);
        markDirty(addr, length);
        int done = 0;
        while (done < length) {
            int at = addr + done;
            int chunk = Math.min(length - done, PAGE_SIZE - (at & MASK));
            System.arraycopy(data, offset + done, pages[at >>> SHIFT], at & MASK, chunk);
            done += chunk;
        }
    }

    @Override
    public byte read(int addr) {
        return page(addr, 1)[addr & MASK];
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        checkRange(addr, length);
        byte[] result = new byte[length];
        int done = 0;
        while (done < length) {
            int at = addr + done;
            int chunk = Math.min(length - done, PAGE_SIZE - (at & MASK));
            System.arraycopy(pages[at >>> SHIFT], at & MASK, result, done, chunk);
            done += chunk;
        }
        return result;
    }

    @Override
    public void writeByte(int addr, byte value) {
        writablePage(addr, 1)[addr & MASK] = value;
    }

    @Override
    public void writeShort(int addr, short value) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 2) {
            SHORT.set(writablePage(addr, 2), offset, value);
        } else {
            writeAcross(addr, value, 2);
        }
    }

    @Override
    public void writeI32(int addr, int value) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 4) {
            INT.set(writablePage(addr, 4), offset, value);
        } else {
            writeAcross(addr, value, 4);
        }
    }

    @Override
    public void writeLong(int addr, long value) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 8) {
            LONG.set(writablePage(addr, 8), offset, value);
        } else {
            writeAcross(addr, value, 8);
        }
    }

    @Override
    public void writeF32(int addr, float value) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 4) {
            FLOAT.set(writablePage(addr, 4), offset, value);
        } else {
            writeAcross(addr, Float.floatToRawIntBits(value), 4);
        }
    }

    @Override
    public void writeF64(int addr, double value) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 8) {
            DOUBLE.set(writablePage(addr, 8), offset, value);
        } else {
            writeAcross(addr, Double.doubleToRawLongBits(value), 8);
        }
    }

    /** A little-endian store that straddles two pages: checked whole first, so it never half-happens. */
    private void writeAcross(int addr, long value, int length) {
        checkRange(addr, length);
        markDirty(addr, length);
        for (int i = 0; i < length; i++) {
            int at = addr + i;
            pages[at >>> SHIFT][at & MASK] = (byte) (value >>> (8 * i));
        }
    }

    private long readAcross(int addr, int length) {
        checkRange(addr, length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            int at = addr + i;
            value |= (pages[at >>> SHIFT][at & MASK] & 0xFFL) << (8 * i);
        }
        return value;
    }

    @Override
    public short readShort(int addr) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 2) {
            return (short) SHORT.get(page(addr, 2), offset);
        }
        return (short) readAcross(addr, 2);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 4) {
            return (int) INT.get(page(addr, 4), offset);
        }
        return (int) readAcross(addr, 4);
    }

    @Override
    public long readLong(int addr) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 8) {
            return (long) LONG.get(page(addr, 8), offset);
        }
        return readAcross(addr, 8);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 4) {
            return (float) FLOAT.get(page(addr, 4), offset);
        }
        return Float.intBitsToFloat((int) readAcross(addr, 4));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public double readDouble(int addr) {
        int offset = addr & MASK;
        if (offset <= PAGE_SIZE - 8) {
            return (double) DOUBLE.get(page(addr, 8), offset);
        }
        return Double.longBitsToDouble(readAcross(addr, 8));
    }

    @Override
    public void zero() {
        fill((byte) 0, 0, size * PAGE_SIZE);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int length = toIndex - fromIndex;
        checkRange(fromIndex, length);
        markDirty(fromIndex, length);
        int done = 0;
        while (done < length) {
            int at = fromIndex + done;
            int chunk = Math.min(length - done, PAGE_SIZE - (at & MASK));
            Arrays.fill(pages[at >>> SHIFT], at & MASK, (at & MASK) + chunk, value);
            done += chunk;
        }
    }

    @Override
    public void copy(int dest, int src, int length) {
        checkRange(src, length);
        checkRange(dest, length);
        markDirty(dest, length);
        if (dest <= src) {
            int done = 0;
            while (done < length) {
                int chunk = chunk(dest + done, src + done, length - done);
                System.arraycopy(
                        pages[(src + done) >>> SHIFT], (src + done) & MASK,
                        pages[(dest + done) >>> SHIFT], (dest + done) & MASK, chunk);
                done += chunk;
            }
        } else {
            // Overlapping with the destination after the source: copy from the end backwards.
            int left = length;
            while (left > 0) {
                int chunk = chunkBackwards(dest + left, src + left, left);
                left -= chunk;
                System.arraycopy(
                        pages[(src + left) >>> SHIFT], (src + left) & MASK,
                        pages[(dest + left) >>> SHIFT], (dest + left) & MASK, chunk);
            }
        }
    }

    /** The longest run from both addresses that stays inside one page of each. */
    private static int chunk(int dest, int src, int left) {
        return Math.min(left, PAGE_SIZE - Math.max(dest & MASK, src & MASK));
    }

    /** The longest run ending just before both addresses that stays inside one page of each. */
    private static int chunkBackwards(int destEnd, int srcEnd, int left) {
        int destRoom = (destEnd & MASK) == 0 ? PAGE_SIZE : destEnd & MASK;
        int srcRoom = (srcEnd & MASK) == 0 ? PAGE_SIZE : srcEnd & MASK;
        return Math.min(left, Math.min(destRoom, srcRoom));
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }
}

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
 * ({@link #restore(MemoryImage)}).
 *
 * <p>The bytes are one flat array, so that a guest's load or store is one bounds check against the
 * current size and one array access: guest code is mostly loads and stores, and an array per page
 * cost memory-heavy guests a third of their time in the extra indirection. The array may be longer
 * than the memory (it grows by doubling, so that growing a page at a time stays linear); every byte
 * past the size is zero, and nothing past the size is ever readable or writable. Growing allocates
 * a new array only when the old one is full; the array of the last snapshot is kept as the
 * {@code base} that a restore writes the snapshot back into, so a request that grew the memory costs
 * the copy of its written pages only.
 *
 * <p>A store of one value flags only the page of its first byte: one more byte store, not two.
 * Such a store of at most 8 bytes can spill 7 bytes into the next page, so a restore also puts back
 * the first 7 bytes of the page after every flagged page; bulk writes flag every page they touch.
 * The flag is still the largest cost the memory adds to a store (see docs/design/memory.md).
 *
 * <p>Used by the one thread that runs its instance.
 */
final class PagedMemory implements Memory {
    private static final int SHIFT = 16;
    /** The most bytes a store of one value (8 bytes at most) flagged on its first page writes into the next. */
    private static final int SPILL = 7;
    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);
    private static final VarHandle FLOAT = view(float[].class);
    private static final VarHandle DOUBLE = view(double[].class);

    private final MemoryLimits limits;
    private final int maximumPages;
    /**
     * Which pages were written since the last capture or restore, in whichever array; after a
     * flagged page, the first {@link #SPILL} bytes of the next page count as written too.
     */
    private final boolean[] dirty;
    /** The contents: at least {@link #limit} bytes long, every byte past it zero. */
    private byte[] data;
    /** The array at the last capture or restore: equal to its image but for the dirty pages. */
    private byte[] base;
    /** The size in pages at the last capture or restore: {@code base} is zero past it but for dirty pages. */
    private int synced;
    private int size;
    /** The size in bytes: every access ends at or before it. */
    private int limit;
    /** The largest size since the last capture or restore. */
    private int peak;
    private DataSegment[] dataSegments = new DataSegment[0];

    PagedMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new IllegalArgumentException("shared memories are not pooled");
        }
        this.limits = limits;
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        this.dirty = new boolean[maximumPages];
        this.size = limits.initialPages();
        this.limit = size * PAGE_SIZE;
        this.data = new byte[limit];
        this.base = data;
        this.synced = size;
        this.peak = size;
    }

    private static VarHandle view(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the current contents and data segments; the memory counts as clean afterwards. */
    MemoryImage capture() {
        byte[][] content = new byte[size][];
        for (int i = 0; i < size; i++) {
            int at = i * PAGE_SIZE;
            content[i] = MemoryImage.isZeroPage(data, at) ? null : Arrays.copyOfRange(data, at, at + PAGE_SIZE);
        }
        Arrays.fill(dirty, 0, Math.max(peak, size), false);
        peak = size;
        base = data;
        synced = size;
        return new MemoryImage(content, dataSegments.clone());
    }

    /**
     * Puts the memory back to an image: the written pages get the image's bytes again, pages grown
     * past it are zeroed and out of reach, and dropped data segments come back.
     */
    void restore(MemoryImage image) {
        int target = image.pages();
        if (target > maximumPages) {
            throw new IllegalStateException("an image of " + target + " pages for a memory of at most " + maximumPages);
        }
        int targetBytes = target * PAGE_SIZE;
        int touched = Math.max(Math.max(peak, synced), target);
        if (base.length < targetBytes) {
            base = new byte[targetBytes];
            for (int i = 0; i < target; i++) {
                image.copyPage(i, base);
            }
        } else {
            int basePages = base.length / PAGE_SIZE;
            for (int i = 0; i < touched; i++) {
                boolean spilled = i > 0 && dirty[i - 1];
                if (i < target) {
                    if (dirty[i] || i >= synced) {
                        image.copyPage(i, base);
                    } else if (spilled) {
                        image.copyPageStart(i, base, SPILL);
                    }
                } else if (i < basePages) {
                    if (dirty[i] || i < synced) {
                        Arrays.fill(base, i * PAGE_SIZE, (i + 1) * PAGE_SIZE, (byte) 0);
                    } else if (spilled) {
                        Arrays.fill(base, i * PAGE_SIZE, i * PAGE_SIZE + SPILL, (byte) 0);
                    }
                }
            }
        }
        Arrays.fill(dirty, 0, touched, false);
        data = base;
        size = target;
        limit = targetBytes;
        peak = target;
        synced = target;
        image.restoreSegments(dataSegments);
    }

    /** Marks every page of the array written, so the next restore writes or zeroes all of them. */
    void markAllDirty() {
        Arrays.fill(dirty, 0, Math.min(maximumPages, Math.max(peak, Math.max(base.length, data.length) / PAGE_SIZE)), true);
    }

    /** The bytes this memory holds now. */
    long retainedBytes() {
        return data.length;
    }

    /** Traps unless {@code length} bytes from {@code addr} (unsigned) are inside the memory. */
    private void check(int addr, int length) {
        if ((addr & 0xFFFF_FFFFL) + length > limit) {
            throw outOfBounds(addr, length);
        }
    }

    private void checkRange(int addr, long length) {
        if (addr < 0 || length < 0 || addr + length > limit) {
            throw outOfBounds(addr, length);
        }
    }

    /** Marks a checked store of at most 8 bytes: its first page only (a restore also puts back the next page's first bytes). */
    private void markWritten(int addr) {
        dirty[addr >>> SHIFT] = true;
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
        if (target > maximumPages) {
            MemoryCap.refuse();
            return -1;
        }
        int bytes = (int) target * PAGE_SIZE;
        if (bytes > data.length) {
            long doubled = Math.min((long) maximumPages * PAGE_SIZE, 2L * data.length);
            data = Arrays.copyOf(data, (int) Math.max(bytes, doubled));
        }
        size = (int) target;
        limit = bytes;
        peak = Math.max(peak, size);
        return previous;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
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
    public void write(int addr, byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > bytes.length) {
            throw outOfBounds(addr, length);
        }
        checkRange(addr, length);
        System.arraycopy(bytes, offset, data, addr, length);
        markDirty(addr, length);
    }

    @Override
    public byte read(int addr) {
        check(addr, 1);
        return data[addr];
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        checkRange(addr, length);
        return Arrays.copyOfRange(data, addr, addr + length);
    }

    @Override
    public void writeByte(int addr, byte value) {
        check(addr, 1);
        data[addr] = value;
        dirty[addr >>> SHIFT] = true;
    }

    @Override
    public void writeShort(int addr, short value) {
        check(addr, 2);
        SHORT.set(data, addr, value);
        markWritten(addr);
    }

    @Override
    public void writeI32(int addr, int value) {
        check(addr, 4);
        INT.set(data, addr, value);
        markWritten(addr);
    }

    @Override
    public void writeLong(int addr, long value) {
        check(addr, 8);
        LONG.set(data, addr, value);
        markWritten(addr);
    }

    @Override
    public void writeF32(int addr, float value) {
        check(addr, 4);
        FLOAT.set(data, addr, value);
        markWritten(addr);
    }

    @Override
    public void writeF64(int addr, double value) {
        check(addr, 8);
        DOUBLE.set(data, addr, value);
        markWritten(addr);
    }

    @Override
    public short readShort(int addr) {
        check(addr, 2);
        return (short) SHORT.get(data, addr);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        check(addr, 4);
        return (int) INT.get(data, addr);
    }

    @Override
    public long readLong(int addr) {
        check(addr, 8);
        return (long) LONG.get(data, addr);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        check(addr, 4);
        return (float) FLOAT.get(data, addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public double readDouble(int addr) {
        check(addr, 8);
        return (double) DOUBLE.get(data, addr);
    }

    @Override
    public void zero() {
        fill((byte) 0, 0, limit);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int length = toIndex - fromIndex;
        checkRange(fromIndex, length);
        Arrays.fill(data, fromIndex, toIndex, value);
        markDirty(fromIndex, length);
    }

    @Override
    public void copy(int dest, int src, int length) {
        checkRange(src, length);
        checkRange(dest, length);
        System.arraycopy(data, src, data, dest, length);
        markDirty(dest, length);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }
}

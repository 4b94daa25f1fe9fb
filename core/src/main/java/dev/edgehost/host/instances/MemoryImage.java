package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.util.Arrays;

/**
 * The contents of a linear memory at one moment, page by page, with the state of its data
 * segments (which {@code data.drop} changes). All-zero pages are kept as {@code null}, so a large,
 * mostly empty memory costs only its written pages. Never changed after it is taken, so every
 * pooled instance of a function shares one.
 */
final class MemoryImage {
    private static final byte[] ZERO_PAGE = new byte[Memory.PAGE_SIZE];

    private final byte[][] pages;
    private final DataSegment[] segments;

    MemoryImage(byte[][] pages, DataSegment[] segments) {
        this.pages = pages;
        this.segments = segments;
    }

    /** Whether the page of {@code memory} that starts at {@code from} is all zero. */
    static boolean isZeroPage(byte[] memory, int from) {
        return Arrays.equals(memory, from, from + Memory.PAGE_SIZE, ZERO_PAGE, 0, Memory.PAGE_SIZE);
    }

    /** The memory's size in pages. */
    int pages() {
        return pages.length;
    }

    /** Writes page {@code index} of the image into {@code target} at the page's own offset. */
    void copyPage(int index, byte[] target) {
        copyPageStart(index, target, Memory.PAGE_SIZE);
    }

    /** Writes the first {@code length} bytes of page {@code index} into {@code target} at their own offset. */
    void copyPageStart(int index, byte[] target, int length) {
        byte[] page = pages[index];
        int at = index * Memory.PAGE_SIZE;
        if (page == null) {
            Arrays.fill(target, at, at + length, (byte) 0);
        } else {
            System.arraycopy(page, 0, target, at, length);
        }
    }

    /** Undoes any {@code data.drop} since the image was taken, in the instance's own segment array. */
    void restoreSegments(DataSegment[] target) {
        System.arraycopy(segments, 0, target, 0, segments.length);
    }
}

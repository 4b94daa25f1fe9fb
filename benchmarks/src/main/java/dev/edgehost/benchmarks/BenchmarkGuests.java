package dev.edgehost.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The guests of the instantiation benchmark, as WAT made here: each has a memory of a given size,
 * data segments on its first and last page, and a {@code handle} that writes to memory the way a
 * request does, so that the next instance has pages to restore.
 */
final class BenchmarkGuests {
    /** By name: initial pages, extra 64 KiB data segments, whether _initialize works, whether handle writes every page. */
    private static final Map<String, Shape> SHAPES =
            Map.of(
                    "1p", new Shape(1, 0, false, false),
                    "16p", new Shape(16, 0, false, false),
                    "256p", new Shape(256, 0, false, false),
                    "16p-data", new Shape(16, 8, false, false),
                    "16p-init", new Shape(16, 0, true, false),
                    "16p-all", new Shape(16, 0, false, true),
                    "256p-all", new Shape(256, 0, false, true));

    private BenchmarkGuests() {}

    private record Shape(int pages, int dataPages, boolean initialize, boolean writesAll) {}

    static boolean initializes(String guest) {
        return shape(guest).initialize();
    }

    private static Shape shape(String guest) {
        Shape shape = SHAPES.get(guest);
        if (shape == null) {
            throw new IllegalArgumentException("no benchmark guest " + guest);
        }
        return shape;
    }

    /**
     * The WAT of a guest. Its {@code handle} answers "ok" and writes one word to its first and its
     * last page (a stack and a heap page, say), or fills all of memory for the {@code -all} guests.
     */
    static String wat(String guest) {
        Shape shape = shape(guest);
        int lastPage = (shape.pages() - 1) * 65536;
        StringBuilder wat = new StringBuilder();
        wat.append("(module\n")
                .append("  (import \"edge\" \"resp_write\" (func $w (param i32 i32) (result i32)))\n")
                .append("  (memory (export \"memory\") ").append(shape.pages()).append(")\n")
                .append("  (data (i32.const 0) \"ok\")\n")
                .append("  (data (i32.const 1024) \"").append(escaped(bytes(256, 1))).append("\")\n")
                .append("  (data (i32.const ").append(lastPage + 4096).append(") \"the last page\")\n");
        for (int i = 0; i < shape.dataPages(); i++) {
            wat.append("  (data (i32.const ").append((i + 1) * 65536).append(") \"")
                    .append(escaped(bytes(65536, i + 2))).append("\")\n");
        }
        if (shape.initialize()) {
            // Fills the second page with a computed table: work a snapshot saves every request.
            wat.append("  (func (export \"_initialize\") (local $i i32)\n")
                    .append("    (loop $l\n")
                    .append("      (i32.store (i32.add (i32.const 65536) (local.get $i))\n")
                    .append("        (i32.mul (local.get $i) (i32.const -1640531535)))\n")
                    .append("      (local.set $i (i32.add (local.get $i) (i32.const 4)))\n")
                    .append("      (br_if $l (i32.lt_u (local.get $i) (i32.const 65536)))))\n");
        }
        wat.append("  (func (export \"handle\")\n");
        if (shape.writesAll()) {
            wat.append("    (memory.fill (i32.const 0) (i32.const 7) (i32.mul (memory.size) (i32.const 65536)))\n");
        } else {
            wat.append("    (i32.store (i32.const 2048) (i32.const 1))\n")
                    .append("    (i32.store (i32.const ").append(lastPage + 8192).append(") (i32.const 1))\n");
        }
        wat.append("    (drop (call $w (i32.const 0) (i32.const 2)))))\n");
        return wat.toString();
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String escaped(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            text.append('\\').append(String.format(Locale.ROOT, "%02x", b & 0xFF));
        }
        return text.toString();
    }
}

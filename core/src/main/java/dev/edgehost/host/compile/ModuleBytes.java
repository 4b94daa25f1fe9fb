package dev.edgehost.host.compile;

/**
 * A position in an upload's bytes, for the checks that read a module's section headers and counts
 * before anything parses it ({@link ModuleSizeCheck}, {@link ModuleBudgetCheck}). Used by one
 * thread, once.
 */
abstract class ModuleBytes {
    /** The magic number and version before the first section. */
    static final int HEADER_BYTES = 8;

    final byte[] wasm;
    int at;

    ModuleBytes(byte[] wasm) {
        this.wasm = wasm;
    }

    /** An unsigned LEB128 of up to 32 bits, or -1 when it runs past the end or is too long. */
    final long u32() {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at >= wasm.length) {
                return -1;
            }
            int b = wasm[at++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }
}

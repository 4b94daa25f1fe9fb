package dev.edgehost.host.fuel;

/**
 * What each instruction, and each host call's work, costs in fuel (ABI spec §8.1). Fuel
 * approximates CPU work deterministically, the same in the interpreter and the compiler: one unit
 * per instruction, more where one instruction does more work; a host call pays its {@link #CALL}
 * like any call, and its host function charges what it does on top, before it does it. Costs are
 * fixed by the module's code and inputs, never by timing.
 */
public final class FuelCosts {
    /** Every instruction not listed below. */
    public static final long INSTRUCTION = 1;
    /** {@code call} and {@code call_indirect}: a frame to set up and tear down. */
    public static final long CALL = 5;
    /** Added per page {@code memory.grow} asks for: 64 KiB to allocate and zero. */
    public static final long GROW_PER_PAGE = 1_024;
    /** Added per byte {@code memory.fill}, {@code memory.copy} and {@code memory.init} touch. */
    public static final long BULK_MEMORY_PER_BYTE = 1;
    /** Added per element {@code table.fill}, {@code table.copy}, {@code table.init} and {@code table.grow} touch. */
    public static final long BULK_TABLE_PER_ELEMENT = 1;

    /** Bytes of guest memory a host function reads or writes per unit of fuel, rounded up per range. */
    public static final int HOST_BYTES_PER_FUEL = 16;
    /** Bytes a host function hashes (digest, HMAC, the data of a signature) per unit of fuel, on top. */
    public static final int HOST_HASHED_BYTES_PER_FUEL = 16;
    /** Added per {@code crypto_verify}: one public-key operation. */
    public static final long HOST_VERIFY = 20_000;
    /** Added per key-value call: a round trip to the store. */
    public static final long HOST_KV_CALL = 100;
    /** Added per {@code fetch}: an outbound request. */
    public static final long HOST_FETCH = 1_000;
    /** Added per WASI iovec a read or write walks. */
    public static final long HOST_WASI_IOVEC = 1;

    private FuelCosts() {}

    /** What a host function pays to read or write {@code bytes} bytes of guest memory in one range. */
    public static long hostBytes(long bytes) {
        return ceilDiv(bytes, HOST_BYTES_PER_FUEL);
    }

    /** What a host function pays, on top of reading them, to hash {@code bytes} bytes. */
    public static long hostHashed(long bytes) {
        return ceilDiv(bytes, HOST_HASHED_BYTES_PER_FUEL);
    }

    private static long ceilDiv(long bytes, int per) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte count must not be negative: " + bytes);
        }
        return (bytes + per - 1) / per;
    }

    /** The static cost of a one-byte opcode or of a 0xFC sub-opcode. */
    static long of(int opcode) {
        return opcode == Op.CALL || opcode == Op.CALL_INDIRECT ? CALL : INSTRUCTION;
    }

    /**
     * The cost per unit of the count operand of an instruction, or 0 if its cost does not grow.
     *
     * @param prefixed whether {@code opcode} is a sub-opcode after 0xFC
     */
    static long perUnit(int opcode, boolean prefixed) {
        if (!prefixed) {
            return opcode == Op.MEMORY_GROW ? GROW_PER_PAGE : 0;
        }
        switch (opcode) {
            case Op.MEMORY_INIT:
            case Op.MEMORY_COPY:
            case Op.MEMORY_FILL:
                return BULK_MEMORY_PER_BYTE;
            case Op.TABLE_INIT:
            case Op.TABLE_COPY:
            case Op.TABLE_GROW:
            case Op.TABLE_FILL:
                return BULK_TABLE_PER_ELEMENT;
            default:
                return 0;
        }
    }
}

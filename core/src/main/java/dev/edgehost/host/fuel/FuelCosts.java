package dev.edgehost.host.fuel;

/**
 * What each instruction costs in fuel. Fuel approximates CPU work deterministically, the same in
 * the interpreter and the compiler: one unit per instruction, more where one instruction does
 * more work. Costs are fixed by the module's code and inputs, never by timing.
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

    private FuelCosts() {}

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

package dev.edgehost.host.fuel;

/** Opcodes the instrumenter treats specially, and those it emits. */
final class Op {
    static final int UNREACHABLE = 0x00;
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;
    static final int ELSE = 0x05;
    static final int END = 0x0B;
    static final int BR = 0x0C;
    static final int BR_IF = 0x0D;
    static final int BR_TABLE = 0x0E;
    static final int RETURN = 0x0F;
    static final int CALL = 0x10;
    static final int CALL_INDIRECT = 0x11;
    static final int LOCAL_GET = 0x20;
    static final int LOCAL_SET = 0x21;
    static final int LOCAL_TEE = 0x22;
    static final int GLOBAL_GET = 0x23;
    static final int GLOBAL_SET = 0x24;
    static final int MEMORY_GROW = 0x40;
    static final int REF_FUNC = 0xD2;
    static final int I32_CONST = 0x41;
    static final int I64_CONST = 0x42;
    static final int I64_LT_S = 0x53;
    static final int I64_SUB = 0x7D;
    static final int I64_MUL = 0x7E;
    static final int I64_EXTEND_I32_U = 0xAD;
    static final int PREFIX_FC = 0xFC;
    static final int PREFIX_FD = 0xFD;

    /** Sub-opcodes after 0xFC whose cost grows with their top operand, a count. */
    static final int MEMORY_INIT = 8;
    static final int MEMORY_COPY = 10;
    static final int MEMORY_FILL = 11;
    static final int TABLE_INIT = 12;
    static final int TABLE_COPY = 14;
    static final int TABLE_GROW = 15;
    static final int TABLE_FILL = 17;

    static final int VOID_BLOCK_TYPE = 0x40;
    static final int I32 = 0x7F;
    static final int I64 = 0x7E;

    /** The one-byte value types of Wasm 2.0: i32, i64, f32, f64, v128, funcref, externref. */
    static boolean isValueType(int type) {
        return type == I32 || type == I64 || type == 0x7D || type == 0x7C || type == 0x7B || type == 0x70 || type == 0x6F;
    }

    private Op() {}
}

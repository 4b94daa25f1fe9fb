package dev.edgehost.host.fuel;

/**
 * Skips the immediate operands of one instruction, for every instruction of Wasm 2.0 but SIMD (the
 * core instructions, sign extension, saturating truncation, multi-value, bulk memory and reference
 * types). Anything else is refused: the instrumenter never copies bytes it does not understand.
 */
final class Immediates {

    private Immediates() {}

    /** Skips the immediates of a one-byte opcode that is not 0xFC or 0xFD. */
    static void skip(int opcode, ByteReader reader) {
        if (opcode >= 0x45 && opcode <= 0xC4) {
            return; // numeric instructions: no immediates
        }
        if (opcode >= 0x28 && opcode <= 0x3E) {
            memarg(reader);
            return;
        }
        switch (opcode) {
            case Op.UNREACHABLE:
            case 0x01: // nop
            case Op.ELSE:
            case Op.END:
            case Op.RETURN:
            case 0x1A: // drop
            case 0x1B: // select
            case 0xD1: // ref.is_null
                return;
            case Op.BLOCK:
            case Op.LOOP:
            case Op.IF:
                blockType(reader);
                return;
            case Op.BR:
            case Op.BR_IF:
            case Op.CALL:
            case Op.LOCAL_GET:
            case Op.LOCAL_SET:
            case Op.LOCAL_TEE:
            case Op.GLOBAL_GET:
            case Op.GLOBAL_SET:
            case 0x25: // table.get
            case 0x26: // table.set
            case 0x3F: // memory.size
            case Op.MEMORY_GROW:
            case 0xD2: // ref.func
                reader.u32();
                return;
            case Op.BR_TABLE:
                for (long targets = reader.u32(); targets >= 0; targets--) {
                    reader.u32();
                }
                return;
            case Op.CALL_INDIRECT:
                reader.u32();
                reader.u32();
                return;
            case 0x1C: // select with types
                for (long types = reader.u32(); types > 0; types--) {
                    valueType(reader.u8());
                }
                return;
            case 0x41: // i32.const
                reader.skipSigned(32);
                return;
            case Op.I64_CONST:
                reader.skipSigned(64);
                return;
            case 0x43: // f32.const
                reader.skip(4);
                return;
            case 0x44: // f64.const
                reader.skip(8);
                return;
            case 0xD0: // ref.null
                referenceType(reader.u8());
                return;
            default:
                throw Proposals.instruction(opcode, reader.position() - 1);
        }
    }

    /** Skips the immediates of a 0xFC sub-opcode. */
    static void skipPrefixedFc(int subOpcode, ByteReader reader) {
        switch (subOpcode) {
            case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: // saturating truncation
                return;
            case Op.MEMORY_INIT:
            case Op.MEMORY_COPY:
            case Op.TABLE_INIT:
            case Op.TABLE_COPY:
                reader.u32();
                reader.u32();
                return;
            case 9: // data.drop
            case Op.MEMORY_FILL:
            case 13: // elem.drop
            case Op.TABLE_GROW:
            case 16: // table.size
            case Op.TABLE_FILL:
                reader.u32();
                return;
            default:
                throw new InstrumentationException("unsupported instruction 0xFC " + subOpcode);
        }
    }

    private static void memarg(ByteReader reader) {
        long align = reader.u32();
        if ((align & 0x40) != 0) {
            throw new InstrumentationException("multiple memories are not supported");
        }
        reader.u32();
    }

    private static void blockType(ByteReader reader) {
        int first = reader.peek();
        if (first == Op.VOID_BLOCK_TYPE || isValueType(first)) {
            reader.skip(1);
        } else {
            reader.skipSigned(33);
        }
    }

    static boolean isValueType(int type) {
        return type == 0x7F || type == 0x7E || type == 0x7D || type == 0x7C || type == 0x7B || type == 0x70 || type == 0x6F;
    }

    private static void valueType(int type) {
        if (!isValueType(type)) {
            throw Proposals.valueType(type);
        }
    }

    private static void referenceType(int type) {
        if (type != 0x70 && type != 0x6F) {
            throw Proposals.valueType(type);
        }
    }
}

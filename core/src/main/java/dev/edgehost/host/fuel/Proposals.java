package dev.edgehost.host.fuel;

/**
 * Names the Wasm proposal that an encoding the instrumenter cannot meter belongs to, so that a
 * refused module says what it uses: "uses the Wasm GC proposal (type form 0x5f), which the host
 * cannot meter yet". Chicory runs these proposals; the fuel instrumenter covers Wasm 2.0 without
 * SIMD, and never copies bytes it does not understand.
 */
final class Proposals {
    static final String GC = "the Wasm GC proposal";
    static final String EXCEPTIONS = "the exception-handling proposal";
    static final String FUNCTION_REFERENCES = "the typed function references proposal";
    static final String TAIL_CALLS = "the tail-call proposal";

    private Proposals() {}

    /** A type section entry other than a function type: the GC proposal's struct, array, sub and rec types. */
    static InstrumentationException typeForm(int form) {
        if (form == 0x5F || form == 0x5E || form == 0x50 || form == 0x4F || form == 0x4E) {
            return refusal(GC, "type form 0x" + hex(form));
        }
        return new InstrumentationException("unsupported type form 0x" + hex(form));
    }

    /** A value type outside Wasm 2.0. */
    static InstrumentationException valueType(int type) {
        String proposal = switch (type) {
            case 0x69, 0x74 -> EXCEPTIONS; // exnref, noexn
            case 0x63, 0x64 -> FUNCTION_REFERENCES + " or " + GC; // (ref null ht), (ref ht)
            case 0x6E, 0x6D, 0x6C, 0x6B, 0x6A, 0x71, 0x72, 0x73 -> GC; // any, eq, i31, struct, array, none, noextern, nofunc
            default -> null;
        };
        return proposal == null
                ? new InstrumentationException("unsupported value type 0x" + hex(type))
                : refusal(proposal, "value type 0x" + hex(type));
    }

    /** A one-byte opcode, or the 0xFB prefix, outside Wasm 2.0. */
    static InstrumentationException instruction(int opcode, int position) {
        String proposal = switch (opcode) {
            case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F -> EXCEPTIONS; // try, catch, throw, rethrow, throw_ref, delegate, catch_all, try_table
            case 0xFB -> GC;
            case 0xD5 -> GC; // ref.eq
            case 0x14, 0x15, 0xD3, 0xD4, 0xD6 -> FUNCTION_REFERENCES; // call_ref, return_call_ref, ref.as_non_null, br_on_null, br_on_non_null
            case 0x12, 0x13 -> TAIL_CALLS; // return_call, return_call_indirect
            default -> null;
        };
        return proposal == null
                ? new InstrumentationException("unsupported instruction 0x" + hex(opcode) + " at byte " + position)
                : refusal(proposal, "instruction 0x" + hex(opcode) + " at byte " + position);
    }

    private static InstrumentationException refusal(String proposal, String what) {
        return new InstrumentationException("uses " + proposal + " (" + what + "), which the host cannot meter yet", true);
    }

    private static String hex(int value) {
        return Integer.toHexString(value);
    }
}

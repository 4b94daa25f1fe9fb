package dev.edgehost.host.fuel;

/** Finds whether a function body contains a {@code loop}, walking its instructions. */
final class LoopScan {

    private LoopScan() {}

    /** @param body a function body from its local declarations to its final {@code end} */
    static boolean hasLoop(ByteReader body) {
        for (long groups = body.u32(); groups > 0; groups--) {
            body.u32();
            body.u8();
        }
        int depth = 0;
        while (true) {
            int opcode = body.u8();
            if (opcode == Op.PREFIX_FC) {
                Immediates.skipPrefixedFc(Math.toIntExact(body.u32()), body);
                continue;
            }
            if (opcode == Op.PREFIX_FD) {
                throw new InstrumentationException("SIMD (v128) instructions are not supported");
            }
            Immediates.skip(opcode, body);
            switch (opcode) {
                case Op.LOOP:
                    return true;
                case Op.BLOCK:
                case Op.IF:
                    depth++;
                    break;
                case Op.END:
                    if (depth == 0) {
                        return false;
                    }
                    depth--;
                    break;
                default:
                    break;
            }
        }
    }
}

package dev.edgehost.host.fuel;

/**
 * Checks the indices in one function's code against the module as uploaded. Instrumenting grows
 * the index spaces (appended types, metered copies, the fuel global, two locals, two wrapping
 * blocks), so an index one past the module's own would name something real in the output; the
 * host validates the instrumented module only, not the upload as well, and that is sound because
 * this check refuses such indices first. Checks nothing else: what the instrumenting does not
 * change, validating the output checks.
 */
final class CodeIndices {
    private final int types;
    private final long functions;
    private final int globals;

    CodeIndices(ModuleLayout layout) {
        this.types = layout.types().size();
        this.functions = (long) layout.importedFunctions() + layout.definedFunctions();
        this.globals = layout.fuelGlobalIndex();
    }

    /**
     * @param immediates the immediates of one instruction (not 0xFC or 0xFD prefixed)
     * @param locals the function's own parameters and locals
     * @param depth how deep the instruction is nested in the function's blocks
     * @throws InstrumentationException for an index the module does not have
     */
    void check(int opcode, ByteReader immediates, long locals, int depth) {
        switch (opcode) {
            case Op.BLOCK:
            case Op.LOOP:
            case Op.IF:
                int first = immediates.peek();
                if (first != Op.VOID_BLOCK_TYPE && !Immediates.isValueType(first)) {
                    below(immediates.s33(), types, "type");
                }
                return;
            case Op.BR:
            case Op.BR_IF:
                below(immediates.u32(), depth + 1L, "label");
                return;
            case Op.BR_TABLE:
                for (long targets = immediates.u32(); targets >= 0; targets--) {
                    below(immediates.u32(), depth + 1L, "label");
                }
                return;
            case Op.CALL:
            case Op.REF_FUNC:
                below(immediates.u32(), functions, "function");
                return;
            case Op.CALL_INDIRECT:
                below(immediates.u32(), types, "type");
                return;
            case Op.LOCAL_GET:
            case Op.LOCAL_SET:
            case Op.LOCAL_TEE:
                below(immediates.u32(), locals, "local");
                return;
            case Op.GLOBAL_GET:
            case Op.GLOBAL_SET:
                below(immediates.u32(), globals, "global");
                return;
            default:
                return;
        }
    }

    private static void below(long index, long count, String what) {
        if (index < 0 || index >= count) {
            throw new InstrumentationException("code names " + what + " " + index + ", which does not exist");
        }
    }
}

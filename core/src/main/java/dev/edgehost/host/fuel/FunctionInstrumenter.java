package dev.edgehost.host.fuel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites one function body into its metered copy. The counter arrives as the copy's last
 * parameter, lives in it for speed (the compiler turns it into a JVM local) and leaves as the
 * copy's last result, so a direct call hands it over without touching the fuel global, which
 * Chicory's compiled code reaches through the instance on every access (see {@link
 * FuelInstrumenter} for the copies that leave it in the global instead). A call to another defined
 * function calls that function's copy; only {@code call_indirect}, which goes through a table to a
 * function's entry point, hands the counter over through the global. A call to an import stores
 * the counter in the global first and reloads it after: so what the host reads is current
 * whenever it runs, even when the guest ends inside a host function, as with WASI {@code
 * proc_exit}, and what the host charges for its own work (it lowers the global before doing the
 * work, and stops the guest itself when the fuel does not cover it) counts from the next
 * instruction on. A host call costs far more than the store and the load.
 *
 * <p>Each segment of code pays its whole cost on entry, so a loop pays on every iteration. A
 * segment starts after a block boundary ({@code block}, {@code loop}, {@code if}, {@code else},
 * {@code end}) and runs to the next one; a {@code br_if} does not end it, so a taken {@code br_if}
 * has paid for the rest of its segment too. That overcharge is deterministic and saves a check per
 * loop iteration. When the counter would drop below zero the check branches to the one place in
 * the function that stores it and executes {@code unreachable}: the host tells that trap apart
 * from others by the negative global. Unreachable code pays nothing.
 *
 * <p>The original body is wrapped in one block with the function's result type, so a branch to
 * the function's outermost label lands before the counter is pushed as the last result instead of
 * returning past it; that block sits in a void block whose end is the shared trap, so a check is
 * one {@code br_if}, which keeps large functions small enough for one JVM method. The counter
 * parameter comes after the original parameters, so every declared local moves up by one.
 */
final class FunctionInstrumenter {
    private final ModuleLayout layout;
    private final CodeIndices indices;
    /** The function's own parameters and locals, before the counter and the scratch local. */
    private long ownLocals;
    private final int fuelGlobal;
    private final byte[] wrapperBlockType;
    private int fuelLocal;
    private int scratchLocal;
    private int paramCount;
    private boolean returnsFuel;
    /** How deep the code being rewritten is nested in the original body's blocks. */
    private int depth;

    private final ByteWriter out;
    private final ByteWriter segment = new ByteWriter(256);
    /** Reads the immediates of the instruction at hand (see {@link ByteReader#immediates}). */
    private ByteReader immediates;
    private long segmentCost;
    private boolean live = true;
    private final Deque<Boolean> liveAtEntry = new ArrayDeque<>();
    /** The i32 locals (original indices) the current segment set to constants, for {@link CountedLoop}. */
    private final Map<Long, Integer> constants = new HashMap<>();
    /** The value of the {@code i32.const} just rewritten, if the instruction before this one was one. */
    private Integer lastConstant;
    /** Whether the segment being rewritten is the body of a counted loop, paid for on the loop's entry. */
    private boolean prepaid;

    /**
     * @param wrapperBlockType the encoded block type of {@code [] -> results} of the function
     * @param out where the metered copy's body goes
     */
    FunctionInstrumenter(ModuleLayout layout, byte[] wrapperBlockType, ByteWriter out) {
        this.out = out;
        this.layout = layout;
        this.indices = new CodeIndices(layout);
        this.fuelGlobal = layout.fuelGlobalIndex();
        this.wrapperBlockType = wrapperBlockType;
    }

    /** Writes the metered copy's body: locals and code, without the leading size. */
    void instrument(ByteReader body, FunctionType type, boolean returnsFuel) {
        this.immediates = body.sameBytes();
        this.paramCount = type.params().length;
        this.returnsFuel = returnsFuel;
        ByteWriter locals = new ByteWriter();
        long groups = body.u32();
        long declared = paramCount + 1L;
        locals.u32(groups + 1);
        for (long i = 0; i < groups; i++) {
            long count = body.u32();
            int localType = body.u8();
            if (!Op.isValueType(localType)) {
                // A value type is one byte; Chicory also reads longer encodings the spec does not
                // allow, which copied byte for byte would no longer parse.
                throw new InstrumentationException("a function declares locals of an unknown type 0x" + Integer.toHexString(localType));
            }
            declared += count;
            locals.u32(count).u8(localType);
        }
        ownLocals = declared - 1;
        fuelLocal = paramCount;
        scratchLocal = Math.toIntExact(declared);
        locals.u32(1).u8(Op.I32);

        out.bytes(locals);
        out.u8(Op.BLOCK).u8(Op.VOID_BLOCK_TYPE);
        out.u8(Op.BLOCK).bytes(wrapperBlockType);
        rewriteCode(body);
        writeHandBack(out);
        out.u8(Op.RETURN);
        out.u8(Op.END);
        writeStore(out);
        out.u8(Op.UNREACHABLE);
        out.u8(Op.END);
    }

    private void rewriteCode(ByteReader body) {
        depth = 0;
        while (true) {
            int start = body.position();
            int opcode = body.u8();
            if (opcode == Op.PREFIX_FC) {
                lastConstant = null;
                int subOpcode = Math.toIntExact(body.u32());
                Immediates.skipPrefixedFc(subOpcode, body);
                long perUnit = FuelCosts.perUnit(subOpcode, true);
                if (perUnit > 0 && live) {
                    writeCountCharge(segment, perUnit);
                }
                body.copyTo(segment, start);
                segmentCost += FuelCosts.INSTRUCTION;
                continue;
            }
            if (opcode == Op.PREFIX_FD) {
                // The runtime cannot execute SIMD; refusing it here makes that a deploy-time error.
                throw new InstrumentationException("SIMD (v128) instructions are not supported");
            }
            Immediates.skip(opcode, body);
            // The instruction is read and copied in place: a copy of each one was most of what
            // instrumenting a large module allocated.
            indices.check(opcode, body.immediates(start, immediates), ownLocals, depth);
            segmentCost += FuelCosts.of(opcode);
            Integer constant = lastConstant;
            lastConstant = null;
            switch (opcode) {
                case Op.LOOP:
                    long iterations = live && body.position() - start == 2 && body.immediates(start, immediates).peek() == Op.VOID_BLOCK_TYPE
                            ? CountedLoop.cost(body.ahead(), constants)
                            : 0;
                    segmentCost += iterations;
                    body.copyTo(segment, start);
                    endSegment();
                    prepaid = iterations > 0;
                    liveAtEntry.push(live);
                    depth++;
                    break;
                case Op.BLOCK:
                case Op.IF:
                    body.copyTo(segment, start);
                    endSegment();
                    liveAtEntry.push(live);
                    depth++;
                    break;
                case Op.ELSE:
                    body.copyTo(segment, start);
                    endSegment();
                    live = liveAtEntry.peek();
                    break;
                case Op.END:
                    body.copyTo(segment, start);
                    endSegment();
                    if (depth == 0) {
                        return;
                    }
                    live = liveAtEntry.pop();
                    depth--;
                    break;
                case Op.BR:
                case Op.BR_TABLE:
                case Op.UNREACHABLE:
                    body.copyTo(segment, start);
                    endSegment();
                    live = false;
                    break;
                case Op.RETURN:
                    writeHandBack(segment);
                    body.copyTo(segment, start);
                    endSegment();
                    live = false;
                    break;
                case Op.CALL:
                    writeCall(body, start);
                    break;
                case Op.CALL_INDIRECT:
                    writeStore(segment);
                    body.copyTo(segment, start);
                    segment.u8(Op.GLOBAL_GET).u32(fuelGlobal).u8(Op.LOCAL_SET).u32(fuelLocal);
                    break;
                case Op.LOCAL_GET:
                case Op.LOCAL_SET:
                case Op.LOCAL_TEE:
                    long local = body.immediates(start, immediates).u32();
                    if (opcode != Op.LOCAL_GET) {
                        if (constant != null) {
                            constants.put(local, constant);
                        } else {
                            constants.remove(local);
                        }
                    }
                    segment.u8(opcode).u32(movedLocal(local));
                    break;
                case Op.I32_CONST:
                    lastConstant = body.immediates(start, immediates).s32();
                    body.copyTo(segment, start);
                    break;
                case Op.MEMORY_GROW:
                    if (live) {
                        writeCountCharge(segment, FuelCosts.perUnit(opcode, false));
                    }
                    body.copyTo(segment, start);
                    break;
                default:
                    body.copyTo(segment, start);
                    break;
            }
        }
    }

    /** A declared local's index moves up by one to make room for the counter parameter. */
    private long movedLocal(long index) {
        return index < paramCount ? index : index + 1;
    }

    /**
     * A call to a defined function calls its metered copy, handing the counter over on the stack;
     * a call to an import shows the host the counter first and takes back what the host left.
     */
    private void writeCall(ByteReader body, int start) {
        long function = body.immediates(start, immediates).u32();
        if (function < layout.importedFunctions()) {
            writeStore(segment);
            body.copyTo(segment, start);
            segment.u8(Op.GLOBAL_GET).u32(fuelGlobal).u8(Op.LOCAL_SET).u32(fuelLocal);
            return;
        }
        segment.u8(Op.LOCAL_GET).u32(fuelLocal);
        segment.u8(Op.CALL).u32(layout.meteredCopyOf(function));
        if (!layout.copyReturnsFuel(function)) {
            segment.u8(Op.GLOBAL_GET).u32(fuelGlobal);
        }
        segment.u8(Op.LOCAL_SET).u32(fuelLocal);
    }

    /** Hands the counter back to the caller: as the last result, or in the fuel global. */
    private void writeHandBack(ByteWriter writer) {
        if (returnsFuel) {
            writer.u8(Op.LOCAL_GET).u32(fuelLocal);
        } else {
            writeStore(writer);
        }
    }

    private void writeStore(ByteWriter writer) {
        writer.u8(Op.LOCAL_GET).u32(fuelLocal).u8(Op.GLOBAL_SET).u32(fuelGlobal);
    }

    /**
     * Pays for the segment that just ended, on its entry, then the segment itself; a counted loop's
     * body was paid for with the segment before the loop. What the segment set to constants is
     * forgotten: a boundary follows, where other paths join.
     */
    private void endSegment() {
        constants.clear();
        if (prepaid) {
            prepaid = false;
        } else if (live && segmentCost > 0) {
            out.u8(Op.LOCAL_GET).u32(fuelLocal).u8(Op.I64_CONST).s64(segmentCost).u8(Op.I64_SUB);
            writeCheck(out);
        }
        out.bytes(segment);
        segment.reset();
        segmentCost = 0;
    }

    /**
     * Pays {@code perUnit} times the i32 count on top of the stack, leaving the count in place:
     * the instruction that follows touches that many bytes, pages or elements.
     */
    private void writeCountCharge(ByteWriter writer, long perUnit) {
        writer.u8(Op.LOCAL_SET).u32(scratchLocal);
        writer.u8(Op.LOCAL_GET).u32(fuelLocal);
        writer.u8(Op.LOCAL_GET).u32(scratchLocal).u8(Op.I64_EXTEND_I32_U);
        if (perUnit != 1) {
            writer.u8(Op.I64_CONST).s64(perUnit).u8(Op.I64_MUL);
        }
        writer.u8(Op.I64_SUB);
        writeCheck(writer);
        writer.u8(Op.LOCAL_GET).u32(scratchLocal);
    }

    /**
     * With the new counter on the stack: keep it, and branch to the trap if it went below zero.
     * The trap's label is one past the wrapper block, which is {@link #depth} labels out.
     */
    private void writeCheck(ByteWriter writer) {
        writer.u8(Op.LOCAL_TEE).u32(fuelLocal);
        writer.u8(Op.I64_CONST).s64(0).u8(Op.I64_LT_S);
        writer.u8(Op.BR_IF).u32(depth + 1L);
    }
}

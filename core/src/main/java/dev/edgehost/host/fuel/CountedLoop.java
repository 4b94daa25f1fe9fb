package dev.edgehost.host.fuel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the loops whose number of iterations is fixed when they are entered, so that the loop can
 * pay for all of them on entry and run without a check (the counter is then not even live in
 * it). A loop is counted when:
 *
 * <ul>
 *   <li>it has no parameters or results, and its body is one straight-line run: no block, loop,
 *       if, br, br_table, return, unreachable, call, memory.grow or 0xFC/0xFD instruction;
 *   <li>its only branch is a {@code br_if 0} that ends it, after the step of an i32 local {@code
 *       i}: {@code local.get i; i32.const S; i32.add; local.tee i} (or {@code local.set i;
 *       local.get i}), then {@code i32.const N} and {@code i32.ne}, {@code i32.lt_u} or {@code
 *       i32.lt_s}, and nothing else in the body writes {@code i};
 *   <li>the run before the loop sets {@code i} to a constant {@code A}.
 * </ul>
 *
 * Then every iteration runs the whole body, the count follows from A, S and N, and the body's
 * cost (one per instruction, its {@code end} included, as a run pays it) times the count is what
 * the loop pays, exactly what it paid iteration by iteration before.
 */
final class CountedLoop {
    private static final int I32_NE = 0x47;
    private static final int I32_LT_S = 0x48;
    private static final int I32_LT_U = 0x49;
    private static final int I32_ADD = 0x6A;
    private static final long U32 = 0xFFFF_FFFFL;
    /** Counts above this are left to the checks: the charge stays far from overflowing. */
    private static final long MAX_ITERATIONS = 1L << 31;

    private CountedLoop() {}

    /**
     * The fuel of all the iterations of a counted loop, or 0 when the loop is not counted.
     *
     * @param body the loop's body, from after its block type to its {@code end}; read ahead, not consumed
     * @param constants the i32 locals (original indices) that the run before the loop set to constants
     */
    static long cost(ByteReader body, Map<Long, Integer> constants) {
        List<long[]> code = straightLine(body);
        int n = code.size();
        if (n < 8) {
            return 0;
        }
        long[] cmp = code.get(n - 3);
        long[] limit = code.get(n - 4);
        if (code.get(n - 2)[0] != Op.BR_IF || code.get(n - 2)[1] != 0 || limit[0] != Op.I32_CONST
                || (cmp[0] != I32_NE && cmp[0] != I32_LT_U && cmp[0] != I32_LT_S)) {
            return 0;
        }
        int stepAt;
        long index;
        long[] write = code.get(n - 5);
        if (write[0] == Op.LOCAL_TEE) {
            index = write[1];
            stepAt = n - 8;
        } else if (write[0] == Op.LOCAL_GET && code.get(n - 6)[0] == Op.LOCAL_SET && code.get(n - 6)[1] == write[1]) {
            index = write[1];
            stepAt = n - 9;
        } else {
            return 0;
        }
        if (stepAt < 0 || code.get(stepAt)[0] != Op.LOCAL_GET || code.get(stepAt)[1] != index || code.get(stepAt + 1)[0] != Op.I32_CONST
                || code.get(stepAt + 2)[0] != I32_ADD || !constants.containsKey(index)) {
            return 0;
        }
        for (int at = 0; at < n - 6; at++) {
            long[] instruction = code.get(at);
            if ((instruction[0] == Op.LOCAL_SET || instruction[0] == Op.LOCAL_TEE) && instruction[1] == index) {
                return 0;
            }
        }
        long iterations = iterations(constants.get(index), (int) code.get(stepAt + 1)[1], (int) limit[1], (int) cmp[0]);
        return iterations > 0 && iterations <= MAX_ITERATIONS ? iterations * n : 0;
    }

    /**
     * How many times a do-while body runs from {@code i = start}, stepping by {@code step} and going
     * on while {@code i cmp limit} (i32 arithmetic), or 0 when that is not certain to end soon.
     */
    static long iterations(int start, int step, int limit, int cmp) {
        if (cmp == I32_NE) {
            long distance = step > 0 ? (limit - start) & U32 : (start - limit) & U32;
            long stride = Math.abs((long) step);
            return step != 0 && distance != 0 && distance % stride == 0 ? distance / stride : 0;
        }
        if (step <= 0) {
            return 0;
        }
        boolean unsigned = cmp == I32_LT_U;
        long from = unsigned ? start & U32 : start;
        long to = unsigned ? limit & U32 : limit;
        // The step must not carry i past the end of its range before it reaches the limit.
        if (to + step > (unsigned ? 1L << 32 : 1L << 31)) {
            return 0;
        }
        return from >= to ? 1 : (to - from + step - 1) / step;
    }

    /** The body as {opcode, immediate} pairs, or an empty list when it is not one straight-line run. */
    private static List<long[]> straightLine(ByteReader body) {
        List<long[]> code = new ArrayList<>();
        int branches = 0;
        while (true) {
            int opcode = body.u8();
            switch (opcode) {
                case Op.END:
                    code.add(new long[] {opcode, 0});
                    return branches == 1 ? code : List.of();
                case Op.BLOCK:
                case Op.LOOP:
                case Op.IF:
                case Op.ELSE:
                case Op.BR:
                case Op.BR_TABLE:
                case Op.RETURN:
                case Op.UNREACHABLE:
                case Op.CALL:
                case Op.CALL_INDIRECT:
                case Op.MEMORY_GROW:
                case Op.PREFIX_FC:
                case Op.PREFIX_FD:
                    return List.of();
                case Op.BR_IF:
                    branches++;
                    code.add(new long[] {opcode, body.u32()});
                    break;
                case Op.LOCAL_GET:
                case Op.LOCAL_SET:
                case Op.LOCAL_TEE:
                    code.add(new long[] {opcode, body.u32()});
                    break;
                case Op.I32_CONST:
                    code.add(new long[] {opcode, body.s32()});
                    break;
                default:
                    Immediates.skip(opcode, body);
                    code.add(new long[] {opcode, 0});
                    break;
            }
        }
    }
}

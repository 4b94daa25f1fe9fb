package dev.edgehost.host.fuel;

import java.util.Random;

/**
 * Generates random valid modules in WAT for property tests of the instrumenter: nested blocks,
 * bounded loops, ifs, conditional and unconditional branches, early returns, direct and indirect
 * calls (only to earlier functions, so every program terminates), memory loads, stores, fills,
 * copies and growth, and divisions that may trap. A seed always gives the same module.
 */
final class RandomModules {
    private static final String[] BINARY = {
        "i32.add", "i32.sub", "i32.mul", "i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_u", "i32.rotl",
        "i32.eq", "i32.lt_u", "i32.gt_s", "i32.div_u", "i32.rem_s"
    };
    private static final int FUNCTIONS = 4;
    private static final int LOCALS = 3;

    private final Random random;
    private int labels;
    private int loops;

    private RandomModules(long seed) {
        this.random = new Random(seed);
    }

    /** A module exporting {@code memory} and {@code run: [i32] -> [i32]}. */
    static String module(long seed) {
        return new RandomModules(seed).module();
    }

    private String module() {
        StringBuilder wat = new StringBuilder("(module\n  (type $binary (func (param i32 i32) (result i32)))\n");
        wat.append("  (memory (export \"memory\") 1 3)\n");
        wat.append("  (table funcref (elem");
        for (int f = 0; f < FUNCTIONS; f++) {
            wat.append(" $f").append(f);
        }
        wat.append("))\n");
        for (int f = 0; f < FUNCTIONS; f++) {
            wat.append(function(f));
        }
        wat.append("  (func (export \"run\") (param i32) (result i32)\n");
        wat.append("    (call $f").append(FUNCTIONS - 1).append(" (local.get 0) (i32.const 7))))\n");
        return wat.toString();
    }

    private String function(int index) {
        labels = 0;
        loops = 0;
        StringBuilder body = new StringBuilder();
        statements(body, index, 3, 2 + random.nextInt(5));
        StringBuilder function = new StringBuilder("  (func $f").append(index).append(" (type $binary)");
        for (int i = 0; i < LOCALS; i++) {
            function.append(" (local $v").append(i).append(" i32)");
        }
        for (int i = 0; i < loops; i++) {
            function.append(" (local $n").append(i).append(" i32)");
        }
        function.append('\n').append(body).append("    (i32.add (local.get $v0) (local.get 0)))\n");
        return function.toString();
    }

    private void statements(StringBuilder out, int function, int depth, int count) {
        for (int i = 0; i < count; i++) {
            statement(out, function, depth);
        }
    }

    private void statement(StringBuilder out, int function, int depth) {
        int choice = random.nextInt(depth > 0 ? 12 : 6);
        switch (choice) {
            case 0:
            case 1:
                out.append("    (local.set $v").append(random.nextInt(LOCALS)).append(' ').append(expression(function, 2)).append(")\n");
                break;
            case 2:
                out.append("    (i32.store (i32.and ").append(expression(function, 1)).append(" (i32.const 65532)) ")
                        .append(expression(function, 2)).append(")\n");
                break;
            case 3:
                out.append("    (memory.fill (i32.and ").append(expression(function, 1)).append(" (i32.const 32767)) ")
                        .append(expression(function, 1)).append(" (i32.and ").append(expression(function, 1))
                        .append(" (i32.const 4095)))\n");
                break;
            case 4:
                out.append("    (memory.copy (i32.const ").append(random.nextInt(30_000)).append(") (i32.const ")
                        .append(random.nextInt(30_000)).append(") (i32.const ").append(random.nextInt(3_000)).append("))\n");
                break;
            case 5:
                out.append("    (drop (memory.grow (i32.const ").append(random.nextInt(2)).append(")))\n");
                break;
            case 6:
                out.append("    (if ").append(expression(function, 2)).append(" (then\n");
                statements(out, function, depth - 1, 1 + random.nextInt(3));
                out.append("    ) (else\n");
                statements(out, function, depth - 1, random.nextInt(3));
                out.append("    ))\n");
                break;
            case 7:
                int label = labels++;
                out.append("    (block $b").append(label).append('\n');
                statements(out, function, depth - 1, 1 + random.nextInt(2));
                out.append("    (br_if $b").append(label).append(' ').append(expression(function, 2)).append(")\n");
                statements(out, function, depth - 1, 1 + random.nextInt(2));
                if (random.nextBoolean()) {
                    out.append("    (br $b").append(label).append(")\n");
                    statements(out, function, depth - 1, 1);
                }
                out.append("    )\n");
                break;
            case 8:
            case 9:
                int loop = loops++;
                out.append("    (local.set $n").append(loop).append(" (i32.const ").append(1 + random.nextInt(40)).append("))\n");
                out.append("    (loop $l").append(loop).append('\n');
                statements(out, function, depth - 1, 1 + random.nextInt(3));
                out.append("    (local.set $n").append(loop).append(" (i32.sub (local.get $n").append(loop).append(") (i32.const 1)))\n");
                out.append("    (br_if $l").append(loop).append(" (local.get $n").append(loop).append(")))\n");
                break;
            case 10:
                out.append("    (if ").append(expression(function, 1)).append(" (then (return ").append(expression(function, 1))
                        .append(")))\n");
                break;
            default:
                if (function > 0) {
                    int callee = random.nextInt(function);
                    String call = random.nextBoolean()
                            ? "(call $f" + callee + " " + expression(function, 1) + " " + expression(function, 1) + ")"
                            : "(call_indirect (type $binary) " + expression(function, 1) + " " + expression(function, 1)
                                    + " (i32.const " + callee + "))";
                    out.append("    (local.set $v").append(random.nextInt(LOCALS)).append(' ').append(call).append(")\n");
                }
                break;
        }
    }

    private String expression(int function, int depth) {
        int choice = random.nextInt(depth > 0 ? 6 : 3);
        switch (choice) {
            case 0:
                return "(i32.const " + (random.nextInt(200) - 50) + ")";
            case 1:
                return "(local.get " + random.nextInt(2) + ")";
            case 2:
                return "(local.get $v" + random.nextInt(LOCALS) + ")";
            case 3:
                return "(i32.load (i32.and " + expression(function, depth - 1) + " (i32.const 65532)))";
            case 4:
                return "(select " + expression(function, depth - 1) + " " + expression(function, depth - 1) + " "
                        + expression(function, depth - 1) + ")";
            default:
                return "(" + BINARY[random.nextInt(BINARY.length)] + " " + expression(function, depth - 1) + " "
                        + expression(function, depth - 1) + ")";
        }
    }
}

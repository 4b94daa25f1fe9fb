package dev.edgehost.testing;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.ValueType;
import dev.edgehost.host.capability.WasiImports;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Guests that call every host import, of the ABI and of WASI, with random and extreme arguments
 * taken from a seed: negative, huge and overlapping ranges, huge counts, and the same call again
 * and again in a loop. One guest holds a case per import and argument draw; a request names its
 * case by the four bytes of its body (little-endian), and the case calls its import forever, so
 * it ends only by a trap, by its fuel or at its deadline.
 */
public final class ImportSurfaceGuests {
    /** The guests' memory: 4 pages, with text a host function can make sense of near its start. */
    public static final int MEMORY_PAGES = 4;
    private static final int MEMORY_BYTES = MEMORY_PAGES * Abi.PAGE_SIZE;
    /** Where the case number is read to; outside the data the calls use. */
    private static final int CASE_AT = 60_000;
    private static final int CALLS_PER_CASE = 4;
    private static final int BLOCK = 0x02;
    private static final int LOOP = 0x03;
    private static final int BR = 0x0C;
    private static final int END = 0x0B;
    private static final int CALL = 0x10;
    private static final int DROP = 0x1A;
    private static final int VOID = 0x40;
    /** Text at the start of memory that host functions can make sense of: a method, a URL, headers, a key. */
    private static final Map<Integer, String> DATA =
            new TreeMap<>(Map.of(0, "GET", 16, "http://127.0.0.1:9/x", 48, "content-type", 64, "x-name: value\n", 512, "\u0001\u0002\u0003\u0004"));

    private static final long[] EXTREME_I32 = {
        0, 1, 2, 4, 8, 16, 24, 48, 64, 512, 513, 4096, 65_535, 65_536,
        MEMORY_BYTES - 8, MEMORY_BYTES - 1, MEMORY_BYTES, MEMORY_BYTES + 1,
        1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2
    };
    private static final long[] EXTREME_I64 = {0, 1, -1, 1_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};

    private ImportSurfaceGuests() {}

    /** One host import, as a guest declares it. */
    public record Import(String module, String name, List<ValType> params, List<ValType> results) {}

    /** A generated guest and what each of its cases calls. */
    public record Guest(byte[] wasm, List<String> cases) {

        /** The request body that runs case {@code index}. */
        public static byte[] body(int index) {
            return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array();
        }
    }

    /** Every function the host provides: the ABI's, then WASI's. */
    public static List<Import> imports() {
        List<Import> imports = new ArrayList<>();
        for (HostImport hostImport : HostImport.values()) {
            imports.add(new Import(Abi.IMPORT_MODULE, hostImport.importName(), valTypes(hostImport.params()), valTypes(hostImport.results())));
        }
        for (Map.Entry<String, FunctionType> wasi : WasiImports.functionTypes().entrySet()) {
            imports.add(new Import(Abi.WASI_MODULE, wasi.getKey(), wasi.getValue().params(), wasi.getValue().returns()));
        }
        return imports;
    }

    private static List<ValType> valTypes(List<ValueType> types) {
        List<ValType> valTypes = new ArrayList<>();
        for (ValueType type : types) {
            valTypes.add(type == ValueType.I64 ? ValType.I64 : ValType.I32);
        }
        return valTypes;
    }

    /** A guest with {@code drawsPerImport} cases for every import, its arguments drawn from {@code seed}. */
    public static Guest guest(long seed, int drawsPerImport) {
        Random random = new Random(seed);
        List<Import> imports = imports();
        List<String> cases = new ArrayList<>();
        ByteArrayOutputStream loops = new ByteArrayOutputStream();
        for (int i = 0; i < imports.size(); i++) {
            for (int draw = 0; draw < drawsPerImport; draw++) {
                cases.add(imports.get(i).module() + "." + imports.get(i).name() + " #" + draw);
                // The end of this case's block, then its loop: the calls, and back to their start.
                loops.write(END);
                loops.write(LOOP);
                loops.write(VOID);
                for (int call = 0; call < CALLS_PER_CASE; call++) {
                    loops.writeBytes(call(imports.get(i), i, random));
                }
                loops.write(BR);
                u32(loops, 0);
                loops.write(END);
            }
        }
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        // One local, the case number, read from the request body.
        code.writeBytes(new byte[] {0x01, 0x01, 0x7F});
        constI32(code, CASE_AT);
        constI32(code, 4);
        code.write(CALL);
        u32(code, indexOf(imports, Abi.IMPORT_MODULE, HostImport.REQ_BODY_READ.importName()));
        code.write(DROP);
        constI32(code, CASE_AT);
        // i32.load, local.set 0
        code.writeBytes(new byte[] {0x28, 0x02, 0x00, 0x21, 0x00});
        // The block a case number past the last leaves, then one block per case, the first innermost.
        code.write(BLOCK);
        code.write(VOID);
        for (int index = 0; index < cases.size(); index++) {
            code.write(BLOCK);
            code.write(VOID);
        }
        // local.get 0, br_table
        code.writeBytes(new byte[] {0x20, 0x00, 0x0E});
        u32(code, cases.size());
        for (int index = 0; index < cases.size(); index++) {
            u32(code, index);
        }
        u32(code, cases.size());
        code.writeBytes(loops.toByteArray());
        code.write(END);
        code.write(END);
        return new Guest(module(imports, code.toByteArray()), cases);
    }

    private static byte[] module(List<Import> imports, byte[] handleBody) {
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        u32(types, imports.size() + 1);
        for (Import anImport : imports) {
            types.write(0x60);
            valTypes(types, anImport.params());
            valTypes(types, anImport.results());
        }
        types.writeBytes(new byte[] {0x60, 0x00, 0x00});
        ByteArrayOutputStream importSection = new ByteArrayOutputStream();
        u32(importSection, imports.size());
        for (int i = 0; i < imports.size(); i++) {
            name(importSection, imports.get(i).module());
            name(importSection, imports.get(i).name());
            importSection.write(0x00);
            u32(importSection, i);
        }
        ByteArrayOutputStream functions = new ByteArrayOutputStream();
        u32(functions, 1);
        u32(functions, imports.size());
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        memory.writeBytes(new byte[] {0x01, 0x00});
        u32(memory, MEMORY_PAGES);
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        u32(exports, 2);
        name(exports, "memory");
        exports.writeBytes(new byte[] {0x02, 0x00});
        name(exports, "handle");
        exports.write(0x00);
        u32(exports, imports.size());
        ByteArrayOutputStream codeSection = new ByteArrayOutputStream();
        u32(codeSection, 1);
        u32(codeSection, handleBody.length);
        codeSection.writeBytes(handleBody);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        u32(data, DATA.size());
        for (Map.Entry<Integer, String> segment : DATA.entrySet()) {
            data.write(0x00);
            constI32(data, segment.getKey());
            data.write(END);
            name(data, segment.getValue());
        }
        ByteArrayOutputStream wasm = new ByteArrayOutputStream();
        wasm.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(wasm, 1, types);
        section(wasm, 2, importSection);
        section(wasm, 3, functions);
        section(wasm, 5, memory);
        section(wasm, 7, exports);
        section(wasm, 10, codeSection);
        section(wasm, 11, data);
        return wasm.toByteArray();
    }

    private static byte[] call(Import anImport, int function, Random random) {
        ByteArrayOutputStream call = new ByteArrayOutputStream();
        long previous = 0;
        for (ValType type : anImport.params()) {
            boolean wide = type == ValType.I64;
            long value;
            int pick = random.nextInt(10);
            if (pick < 5) {
                value = wide ? EXTREME_I64[random.nextInt(EXTREME_I64.length)] : EXTREME_I32[random.nextInt(EXTREME_I32.length)];
            } else if (pick < 7) {
                value = random.nextInt(MEMORY_BYTES);
            } else if (pick < 8) {
                // The same as the argument before: overlapping ranges, a length equal to a pointer.
                value = previous;
            } else {
                value = random.nextInt(256);
            }
            previous = value;
            if (wide) {
                call.write(0x42);
                s64(call, value);
            } else {
                constI32(call, (int) value);
            }
        }
        call.write(CALL);
        u32(call, function);
        if (!anImport.results().isEmpty()) {
            call.write(DROP);
        }
        return call.toByteArray();
    }

    private static void valTypes(ByteArrayOutputStream out, List<ValType> types) {
        u32(out, types.size());
        for (ValType type : types) {
            out.write(type == ValType.I64 ? 0x7E : 0x7F);
        }
    }

    private static void section(ByteArrayOutputStream wasm, int id, ByteArrayOutputStream content) {
        wasm.write(id);
        u32(wasm, content.size());
        wasm.writeBytes(content.toByteArray());
    }

    /** A length-prefixed string, as names and data bytes are written (one byte per char). */
    private static void name(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        u32(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void constI32(ByteArrayOutputStream out, int value) {
        out.write(0x41);
        s64(out, value);
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }

    private static void s64(ByteArrayOutputStream out, long value) {
        long rest = value;
        while (true) {
            int b = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }

    private static int indexOf(List<Import> imports, String module, String name) {
        for (int i = 0; i < imports.size(); i++) {
            if (imports.get(i).module().equals(module) && imports.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no import " + module + "." + name);
    }
}

package dev.edgehost.conformance.spec;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.io.PrintStream;
import java.util.List;
import java.util.StringJoiner;

/**
 * The {@code spectest} module of the spec's reference interpreter ({@code interpreter/host/spectest.ml}):
 * print functions that print their arguments, immutable globals holding 666 or 666.6, a funcref
 * table of 10 to 20 elements and a memory of 1 to 2 pages. Each script gets a fresh one.
 */
final class SpectestHost {
    private static final String MODULE = "spectest";

    private SpectestHost() {}

    static ImportValues create(PrintStream out) {
        return ImportValues.builder()
                .addFunction(print(out, "print"))
                .addFunction(print(out, "print_i32", ValType.I32))
                .addFunction(print(out, "print_i64", ValType.I64))
                .addFunction(print(out, "print_f32", ValType.F32))
                .addFunction(print(out, "print_f64", ValType.F64))
                .addFunction(print(out, "print_i32_f32", ValType.I32, ValType.F32))
                .addFunction(print(out, "print_f64_f64", ValType.F64, ValType.F64))
                .addGlobal(new ImportGlobal(MODULE, "global_i32", new GlobalInstance(Value.i32(666))))
                .addGlobal(new ImportGlobal(MODULE, "global_i64", new GlobalInstance(Value.i64(666))))
                .addGlobal(new ImportGlobal(MODULE, "global_f32", new GlobalInstance(Value.fromFloat(666.6f))))
                .addGlobal(new ImportGlobal(MODULE, "global_f64", new GlobalInstance(Value.fromDouble(666.6))))
                .addTable(new ImportTable(
                        MODULE,
                        "table",
                        new TableInstance(new Table(ValType.FuncRef, new TableLimits(10, 20)), Value.REF_NULL_VALUE)))
                .addMemory(new ImportMemory(MODULE, "memory", new ByteBufferMemory(new MemoryLimits(1, 2))))
                .build();
    }

    private static HostFunction print(PrintStream out, String name, ValType... params) {
        List<ValType> types = List.of(params);
        return new HostFunction(MODULE, name, FunctionType.of(types, List.of()), (instance, args) -> {
            StringJoiner line = new StringJoiner(" ");
            for (int i = 0; i < args.length; i++) {
                line.add(format(types.get(i), args[i]));
            }
            out.println(line);
            return null;
        });
    }

    private static String format(ValType type, long raw) {
        if (type.equals(ValType.F32)) {
            return Value.longToFloat(raw) + " : f32";
        }
        if (type.equals(ValType.F64)) {
            return Value.longToDouble(raw) + " : f64";
        }
        if (type.equals(ValType.I32)) {
            return (int) raw + " : i32";
        }
        return raw + " : i64";
    }
}

package dev.edgehost.host.execution;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import dev.edgehost.host.instances.WasmFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the guest a trap happened, in the terms of the module the user uploaded: the function
 * that trapped as {@code wasm-objdump -d} prints it ({@code func[3] <name>} and the offset of its
 * body in the module), and the functions it was called from, by name when the module has a name
 * section. The frames come from the trap itself: the compiler runs each Wasm function as a JVM
 * method {@code func_N}, so they are in its stack trace; the interpreter records them as it
 * unwinds ({@link WasmFrames}). Chicory keeps no instruction offsets, so the offset is the body's.
 *
 * <p>The fuel instrumenter gives each defined function a metered copy after all of them, so
 * indices past the defined functions are mapped back to the function they copy.
 */
final class TrapTrace {
    static final int MAX_SHOWN = 12;
    private static final Pattern COMPILED_FUNCTION = Pattern.compile("func_(\\d+)");
    private static final int CODE_SECTION = 10;

    private TrapTrace() {}

    /**
     * {@code " in func[1] <inner> (body at 0x56); backtrace: func[1] <inner> <- func[3] <handle>"},
     * or empty when the trap carries no Wasm frames.
     *
     * @param instrumented the module as it ran, fuel-instrumented
     * @param original the module as uploaded
     */
    static String describe(Throwable trap, WasmModule instrumented, byte[] original) {
        List<Integer> frames = new ArrayList<>();
        int unrecorded = originalFrames(trap, instrumented, frames);
        if (frames.isEmpty()) {
            return "";
        }
        NameCustomSection names = instrumented.nameSection();
        int imported = importedFunctions(instrumented);
        int[] bodies = bodyOffsets(original);
        StringBuilder text = new StringBuilder(" in ");
        int guestFrame = 0;
        if (frames.get(0) < imported) {
            // A host function trapped (a bad pointer, say): the guest's own function called it.
            text.append("host function ").append(label(frames.get(0), instrumented, names));
            guestFrame = 1;
            if (frames.size() > 1) {
                text.append(" called from ");
            }
        }
        if (guestFrame < frames.size()) {
            int function = frames.get(guestFrame);
            text.append(label(function, instrumented, names));
            int body = function - imported;
            if (body >= 0 && body < bodies.length) {
                text.append(" (body at 0x").append(Integer.toHexString(bodies[body])).append(')');
            }
        }
        text.append("; backtrace: ");
        int shown = Math.min(frames.size(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : " <- ").append(label(frames.get(i), instrumented, names));
        }
        int more = frames.size() - shown + unrecorded;
        if (more > 0) {
            // The JVM keeps at most 1024 frames of a stack trace, so a compiled guest's count is a floor.
            text.append(" <- ... at least ").append(more).append(" more");
        }
        if (names == null) {
            text.append(" (the module has no name section; keep it in the build to see function names)");
        }
        return text.toString();
    }

    /**
     * The original module's function indices the trap unwound through, innermost first, with an
     * entry point and its metered copy counted once.
     *
     * @return frames known to exist beyond those listed
     */
    private static int originalFrames(Throwable trap, WasmModule instrumented, List<Integer> frames) {
        int imported = importedFunctions(instrumented);
        int defined = instrumented.functionSection().functionCount() / 2;
        WasmFrames recorded = WasmFrames.of(trap);
        List<Integer> raw = new ArrayList<>();
        int unrecorded = 0;
        if (recorded != null) {
            raw.addAll(recorded.functions());
            unrecorded = recorded.unrecorded();
        } else {
            // A compiled guest's stack overflow is rethrown from the top as a new exception: its
            // frames are in the cause.
            for (Throwable t = trap; t != null && raw.isEmpty(); t = t.getCause()) {
                for (StackTraceElement element : t.getStackTrace()) {
                    Matcher function = COMPILED_FUNCTION.matcher(element.getMethodName());
                    if (function.matches()) {
                        raw.add(Integer.parseInt(function.group(1)));
                    }
                }
            }
        }
        for (int i = 0; i < raw.size(); i++) {
            int index = raw.get(i);
            // An entry point right outside its own metered copy is the same call.
            boolean entryOfPrevious = i > 0 && raw.get(i - 1) == index + defined && index >= imported;
            if (!entryOfPrevious) {
                frames.add(index >= imported + defined ? index - defined : index);
            }
        }
        return unrecorded;
    }

    /** {@code func[3] <name>} as {@code wasm-objdump} writes it; an import by its module and name. */
    private static String label(int function, WasmModule module, NameCustomSection names) {
        if (function < importedFunctions(module)) {
            Import imported = functionImport(module, function);
            return imported.module() + "." + imported.name();
        }
        String name = names == null ? null : names.nameOfFunction(function);
        if (name == null) {
            name = exportName(module, function);
        }
        return "func[" + function + "]" + (name == null ? "" : " <" + RustSymbols.readable(name) + ">");
    }

    /** The name a function is exported under, such as {@code handle}, for functions the name section leaves unnamed. */
    private static String exportName(WasmModule module, int function) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.FUNCTION && export.index() == function) {
                return export.name();
            }
        }
        return null;
    }

    private static Import functionImport(WasmModule module, int function) {
        int seen = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            if (imported.importType() == ExternalType.FUNCTION && seen++ == function) {
                return imported;
            }
        }
        throw new IllegalArgumentException("no imported function " + function);
    }

    private static int importedFunctions(WasmModule module) {
        int count = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            if (module.importSection().getImport(i).importType() == ExternalType.FUNCTION) {
                count++;
            }
        }
        return count;
    }

    /**
     * Where each defined function's body starts in the module, after its size, as
     * {@code wasm-objdump -d} counts; empty when the bytes cannot be read so.
     */
    static int[] bodyOffsets(byte[] wasm) {
        int[] at = {8};
        while (at[0] < wasm.length) {
            int id = wasm[at[0]++] & 0xFF;
            long size = u32(wasm, at);
            if (size < 0 || size > wasm.length - at[0]) {
                return new int[0];
            }
            int end = at[0] + (int) size;
            if (id == CODE_SECTION) {
                long count = u32(wasm, at);
                if (count < 0 || count > size) {
                    return new int[0];
                }
                int[] bodies = new int[(int) count];
                for (int i = 0; i < count; i++) {
                    long bodySize = u32(wasm, at);
                    if (bodySize < 0 || bodySize > end - at[0]) {
                        return new int[0];
                    }
                    bodies[i] = at[0];
                    at[0] += (int) bodySize;
                }
                return bodies;
            }
            at[0] = end;
        }
        return new int[0];
    }

    /** An unsigned LEB128 of at most 5 bytes at {@code at[0]}, advancing it; -1 when malformed. */
    private static long u32(byte[] wasm, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= wasm.length) {
                return -1;
            }
            int b = wasm[at[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }
}

package dev.edgehost.host.compile;

import com.dylibso.chicory.wasm.WasmModule;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.edgehost.host.Engine;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when compiled guests will run slowly because HotSpot leaves their largest methods to its
 * bytecode interpreter: with {@code DontCompileHugeMethods} on (the default), a method of more
 * than 8000 bytes of bytecode is never JIT-compiled. Chicory's compiler makes one JVM method per
 * Wasm function, and large functions, such as the interpreter loop of the JavaScript engine,
 * exceed that; {@code -XX:-DontCompileHugeMethods} lets the JIT compile them (about 3.6 times as
 * fast for a small JavaScript handler). Thread-safe.
 */
public final class HugeMethods {
    private static final Logger LOG = LoggerFactory.getLogger(HugeMethods.class);
    private static final String FLAG = "DontCompileHugeMethods";
    /**
     * Instructions of a (fuel-instrumented) Wasm function past which its JVM method may exceed 8000
     * bytes: Chicory's compiler writes up to about 3.5 bytes of bytecode per instruction, so this
     * errs on the side of warning.
     */
    static final int HUGE_FUNCTION_INSTRUCTIONS = 2300;
    private static final boolean SKIPS_HUGE_METHODS = readFlag();

    private HugeMethods() {}

    /** Whether this JVM leaves huge methods uncompiled; false when the flag is off or unknown (not HotSpot). */
    public static boolean jitSkipsHugeMethods() {
        return SKIPS_HUGE_METHODS;
    }

    private static boolean readFlag() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot == null) {
                return false;
            }
            VMOption option = hotSpot.getVMOption(FLAG);
            return Boolean.parseBoolean(option.getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** How many of the module's functions compile to methods HotSpot may leave uncompiled; 0 for the interpreter. */
    public static int hugeFunctions(CompiledModule compiled) {
        if (compiled.engine() != Engine.COMPILER) {
            return 0;
        }
        WasmModule module = compiled.module();
        int huge = 0;
        for (int i = 0; i < module.codeSection().functionBodyCount(); i++) {
            if (module.codeSection().getFunctionBody(i).instructions().size() > HUGE_FUNCTION_INSTRUCTIONS) {
                huge++;
            }
        }
        return huge;
    }

    /** At a deploy: warns when the flag is on and the function's module has huge functions. */
    public static void warnAtDeploy(String function, CompiledModule compiled) {
        if (!SKIPS_HUGE_METHODS) {
            return;
        }
        int huge = hugeFunctions(compiled);
        if (huge > 0) {
            LOG.warn(
                    "function {} has {} Wasm functions too large for HotSpot to JIT-compile by default; they run"
                            + " interpreted and slowly unless the JVM runs with -XX:-DontCompileHugeMethods",
                    function,
                    huge);
        }
    }

    /** At start: one warning naming the deployed functions whose modules have huge functions. */
    public static void warnAtStart(List<String> functions) {
        if (SKIPS_HUGE_METHODS && !functions.isEmpty()) {
            LOG.warn(
                    "the JVM runs with DontCompileHugeMethods on, so parts of {} never get JIT-compiled and run slowly;"
                            + " start the host with -XX:-DontCompileHugeMethods",
                    functions);
        }
    }
}

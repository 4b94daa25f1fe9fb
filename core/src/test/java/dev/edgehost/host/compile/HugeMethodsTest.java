package dev.edgehost.host.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.script.JavaScriptEngine;
import dev.edgehost.testing.TestGuests;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Which compiled modules have functions too large for HotSpot's default JIT, and how the flag is read. */
class HugeMethodsTest {

    private static CompiledModule compiled(byte[] wasm, Engine engine) {
        return new ModuleCompiler(1 << 26, null, DeployBudgets.defaults()).compile(wasm, "test", engine, FunctionLimits.defaults(), FunctionMode.ABI);
    }

    @Test
    void jitSkipsHugeMethods_isTheJvmsFlag() {
        String flag = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("DontCompileHugeMethods").getValue();

        assertEquals(Boolean.parseBoolean(flag), HugeMethods.jitSkipsHugeMethods());
    }

    @Test
    void hugeFunctions_smallGuest_isNone() {
        assertEquals(0, HugeMethods.hugeFunctions(compiled(TestGuests.sample("hello"), Engine.COMPILER)));
    }

    @Test
    void hugeFunctions_functionOfManyInstructions_isCounted() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < HugeMethods.HUGE_FUNCTION_INSTRUCTIONS; i++) {
            body.append(" (drop (i32.const ").append(i).append("))");
        }
        byte[] wasm = TestGuests.wat("(module (memory (export \"memory\") 1) (func (export \"handle\")" + body + "))");

        assertEquals(1, HugeMethods.hugeFunctions(compiled(wasm, Engine.COMPILER)));
        assertEquals(0, HugeMethods.hugeFunctions(compiled(wasm, Engine.INTERPRETER)), "the interpreter compiles no methods");
    }

    @Test
    void hugeFunctions_javaScriptEngine_hasSome() {
        CompiledModule engine = JavaScriptEngine.compiled(Engine.COMPILER, new ModuleCompiler(1, null, DeployBudgets.defaults()));

        assertTrue(HugeMethods.hugeFunctions(engine) > 0);
    }
}

package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.testing.TestGuests;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A trap, fuel exhaustion or a deadline names the Wasm function and its offset, with a backtrace, on both engines. */
class TrapTraceTest {
    /** As {@code wasm-objdump -d} shows it: func[1] inner at 0x56, func[2] middle at 0x67, func[3] handle at 0x6e. */
    private static final String NESTED_TRAP =
            "(module"
                    + " (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                    + " (memory (export \"memory\") 1)"
                    + " (func $inner (param i32) (result i32)"
                    + "  (if (i32.eq (local.get 0) (i32.const 3)) (then unreachable))"
                    + "  (i32.add (local.get 0) (i32.const 1)))"
                    + " (func $middle (result i32) (call $inner (i32.const 3)))"
                    + " (func (export \"handle\") (drop (call $middle))))";

    private static EdgeHost host;

    @BeforeAll
    static void startHost() {
        host = EdgeHost.builder().workers(2).build();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private static String failure(byte[] wasm, Engine engine, FunctionLimits limits) {
        host.deploy("guest", wasm, FunctionSettings.builder().engine(engine).limits(limits).build());
        EdgeException failure =
                assertThrows(EdgeException.class, () -> host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/guest")).build()));
        return failure.getMessage() + failure.detail();
    }

    private static String failure(byte[] wasm, Engine engine) {
        return failure(wasm, engine, FunctionLimits.defaults());
    }

    @Test
    void bodyOffsets_areWhereWasmObjdumpPutsEachFunction() {
        assertArrayEquals(new int[] {0x56, 0x67, 0x6e}, TrapTrace.bodyOffsets(TestGuests.wat(NESTED_TRAP)));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trap_withNames_namesTheFunctionItsOffsetAndTheBacktrace(Engine engine) {
        byte[] wasm = withNames(TestGuests.wat(NESTED_TRAP), List.of("write", "inner", "middle", "handle"));

        assertEquals(
                "the guest trapped: Trapped on unreachable instruction in func[1] <inner> (body at 0x56);"
                        + " backtrace: func[1] <inner> <- func[2] <middle> <- func[3] <handle>",
                failure(wasm, engine));
    }

    @Test
    void trap_theClientsMessage_keepsTheModulesInsidesToItself() {
        host.deploy("guest", withNames(TestGuests.wat(NESTED_TRAP), List.of("write", "inner", "middle", "handle")), FunctionSettings.defaults());

        EdgeException failure =
                assertThrows(EdgeException.class, () -> host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/guest")).build()));

        assertEquals("the guest trapped: Trapped on unreachable instruction", failure.getMessage());
        assertTrue(new String(failure.responseBody("id"), StandardCharsets.UTF_8).contains("\"message\":\"the guest trapped: Trapped on unreachable instruction\""));
        assertTrue(failure.detail().startsWith(" in func[1] <inner>"), failure.detail());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trap_withoutNames_givesIndicesAndSaysHowToGetNames(Engine engine) {
        assertEquals(
                "the guest trapped: Trapped on unreachable instruction in func[1] (body at 0x56);"
                        + " backtrace: func[1] <- func[2] <- func[3] <handle>"
                        + " (the module has no name section; keep it in the build to see function names)",
                failure(TestGuests.wat(NESTED_TRAP), engine));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void hostFunctionTrap_namesTheCallingFunction(Engine engine) {
        byte[] wasm = withNames(TestGuests.wat(
                "(module (import \"edge\" \"log\" (func $log (param i32 i32 i32)))"
                        + " (memory (export \"memory\") 1)"
                        + " (func $say (call $log (i32.const 1) (i32.const 65530) (i32.const 100)))"
                        + " (func (export \"handle\") (call $say)))"),
                List.of("log", "say", "handle"));

        String message = failure(wasm, engine);

        assertTrue(message.startsWith("the guest trapped: "), message);
        assertTrue(message.endsWith(" in host function edge.log called from func[1] <say> (body at 0x"
                + Integer.toHexString(TrapTrace.bodyOffsets(wasm)[0]) + "); backtrace: edge.log <- func[1] <say> <- func[2] <handle>"), message);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fuelExhausted_namesTheLoopingFunction(Engine engine) {
        byte[] wasm = withNames(TestGuests.wat(
                "(module (memory (export \"memory\") 1)"
                        + " (func $spin (loop $l (br $l)))"
                        + " (func (export \"handle\") (call $spin)))"),
                List.of("spin", "handle"));

        String message = failure(wasm, engine, FunctionLimits.builder().fuel(100_000).build());

        assertTrue(message.startsWith("the function used up its fuel of 100000 in func[0] <spin> (body at 0x"), message);
        assertTrue(message.endsWith("backtrace: func[0] <spin> <- func[1] <handle>"), message);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deepRecursion_showsTheInnermostFramesAndCountsTheRest(Engine engine) {
        byte[] wasm = withNames(TestGuests.wat(
                "(module (memory (export \"memory\") 1)"
                        + " (func $down (param i32) (call $down (i32.add (local.get 0) (i32.const 1))))"
                        + " (func (export \"handle\") (call $down (i32.const 0))))"),
                List.of("down", "handle"));

        String message = failure(wasm, engine, FunctionLimits.builder().fuel(FunctionLimits.MAX_FUEL).build());

        assertTrue(message.contains(" in func[0] <down> (body at 0x"), message);
        assertTrue(message.contains("backtrace: " + "func[0] <down> <- ".repeat(TrapTrace.MAX_SHOWN - 1) + "func[0] <down> <- ... at least "), message);
        assertTrue(message.endsWith(" more"), message);
    }

    /** The module with a name section naming its functions in index order, as toolchains write one. */
    static byte[] withNames(byte[] wasm, List<String> functionNames) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        leb(names, functionNames.size());
        for (int i = 0; i < functionNames.size(); i++) {
            leb(names, i);
            bytes(names, functionNames.get(i).getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        bytes(content, "name".getBytes(StandardCharsets.UTF_8));
        content.write(1);
        bytes(content, names.toByteArray());
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(wasm);
        module.write(0);
        bytes(module, content.toByteArray());
        return module.toByteArray();
    }

    private static void bytes(ByteArrayOutputStream out, byte[] bytes) {
        leb(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}

package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgehost.abi.HttpError;
import dev.edgehost.testing.TestGuests;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upload is validated once, in its instrumented form. Instrumenting appends types, functions,
 * a global, locals and blocks, so each module here, invalid by an index one past its own, would
 * name something real after instrumenting: every one must still be refused as invalid. Each is a
 * valid module with one immediate patched.
 */
class InstrumentedIndicesTest {
    private static final String HANDLE =
            "(module (memory (export \"memory\") 1) (type $t (func)) (global $g (mut i32) (i32.const 0))"
                    + " (table 1 funcref) (func $handle (export \"handle\") (local i32) %s))";

    static Stream<Arguments> oneIndexPast() {
        return Stream.of(
                // local.get 1: the function has one local; the scratch local comes after the counter.
                Arguments.of("local.get 0 drop", "20001a", "20011a"),
                // global.get 1: the module has one global; the fuel global is appended.
                Arguments.of("global.get $g drop", "23001a", "23011a"),
                // br 2 inside one block: the function label is 1; instrumenting wraps two blocks.
                Arguments.of("block br 0 end", "0c000b", "0c020b"),
                // call_indirect type 1: the module has one type; the metered copy's type is appended.
                Arguments.of("i32.const 0 call_indirect (type $t)", "4100110000", "4100110100"),
                // call 1: the module has one function; its metered copy is function 1.
                Arguments.of("return call $handle", "0f10000b", "0f10010b"));
    }

    @ParameterizedTest
    @MethodSource("oneIndexPast")
    void deploy_codeNamingOnePastItsOwn_isRefusedAsInvalid(String code, String valid, String patched) {
        byte[] wasm = patch(TestGuests.wat(String.format(HANDLE, code)), valid, patched);
        try (EdgeHost host = EdgeHost.builder().workers(1).bundledSamples(false).build()) {
            ModuleRejectedException refused =
                    assertThrows(ModuleRejectedException.class, () -> host.deploy("bad", wasm, FunctionSettings.defaults()));
            assertEquals(HttpError.INVALID_MODULE, refused.error(), refused.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("oneIndexPast")
    void deploy_theSameModulesUnpatched_areTaken(String code, String valid, String patched) {
        byte[] wasm = TestGuests.wat(String.format(HANDLE, code));
        try (EdgeHost host = EdgeHost.builder().workers(1).bundledSamples(false).build()) {
            host.deploy("good", wasm, FunctionSettings.defaults());
        }
    }

    @ParameterizedTest
    @MethodSource("exports")
    void deploy_anExportNamingOnePastItsOwn_isRefusedAsInvalid(String wat, String valid, String patched) {
        byte[] wasm = patch(TestGuests.wat(wat), valid, patched);
        try (EdgeHost host = EdgeHost.builder().workers(1).bundledSamples(false).build()) {
            ModuleRejectedException refused =
                    assertThrows(ModuleRejectedException.class, () -> host.deploy("bad", wasm, FunctionSettings.defaults()));
            assertEquals(HttpError.INVALID_MODULE, refused.error(), refused.getMessage());
        }
    }

    static Stream<Arguments> exports() {
        String module = "(module (memory (export \"memory\") 1) (global $g i32 (i32.const 0)) (func (export \"handle\"))"
                + " (export \"x\" (%s)))";
        return Stream.of(
                // an exported function 1: the metered copy of function 0
                Arguments.of(String.format(module, "func 0"), "01780000", "01780001"),
                // an exported global 1: the fuel global
                Arguments.of(String.format(module, "global $g"), "01780300", "01780301"));
    }

    private static byte[] patch(byte[] wasm, String from, String to) {
        String hex = HexFormat.of().formatHex(wasm);
        int at = hex.indexOf(from);
        if (at < 0 || at % 2 != 0 || hex.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("no single " + from + " in " + hex);
        }
        return HexFormat.of().parseHex(hex.substring(0, at) + to + hex.substring(at + from.length()));
    }
}

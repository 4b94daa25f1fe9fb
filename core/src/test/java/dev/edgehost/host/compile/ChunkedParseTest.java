package dev.edgehost.host.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.host.fuel.FuelInstrumenter;
import dev.edgehost.host.script.JavaScriptEngine;
import dev.edgehost.testing.TestGuests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A module parsed and validated in runs on several threads is the module Chicory's parser gives, or none. */
class ChunkedParseTest {
    /** 2,000 straight-line functions of 400 bytes: 0.8 MB of code, above {@link ChunkedParse#MIN_CODE_BYTES}. */
    private static final byte[] LARGE = TestGuests.largeModule(2_000, 400);

    /** A real program, instrumented: QuickJS, 0.46 MB of code using most of Wasm 2.0's instructions. */
    private static byte[] engine;
    private static WasmModule engineParsed;

    @BeforeAll
    static void parseEngine() throws IOException {
        try (InputStream in = JavaScriptEngine.class.getResourceAsStream("edge-js.wasm")) {
            engine = FuelInstrumenter.instrument(in.readAllBytes()).wasm();
        }
        engineParsed = Parser.parse(engine);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void parse_instrumentedJavaScriptEngineInRuns_equalsChicorysParse(int runs) {
        WasmModule expected = engineParsed;
        WasmModule chunked = ChunkedParse.parse(engine, runs);
        assertNotNull(chunked);
        assertEquals(expected, chunked);
        assertEquals(expected.digest(), chunked.digest());
        assertEquals(expected.customSections().size(), chunked.customSections().size());
    }

    @Test
    void parse_largeInstrumentedModule_equalsChicorysParse() {
        byte[] instrumented = FuelInstrumenter.instrument(LARGE).wasm();
        WasmModule chunked = ChunkedParse.parse(instrumented, 2);
        assertNotNull(chunked);
        assertEquals(Parser.parse(instrumented), chunked);
    }

    @Test
    void parse_sectionsAfterTheCode_keepsThemAsChicorysParseDoes() {
        // The other sections are parsed from the module without its code section: what follows
        // the code (here a custom section) must come out as from the whole module.
        byte[] instrumented = FuelInstrumenter.instrument(LARGE).wasm();
        byte[] name = "after-code".getBytes(StandardCharsets.UTF_8);
        byte[] payload = {1, 2, 3, 4};
        ByteArrayOutputStream withTail = new ByteArrayOutputStream();
        withTail.writeBytes(instrumented);
        withTail.write(0);
        withTail.write(1 + name.length + payload.length);
        withTail.write(name.length);
        withTail.writeBytes(name);
        withTail.writeBytes(payload);
        byte[] wasm = withTail.toByteArray();
        WasmModule expected = Parser.parse(wasm);
        WasmModule chunked = ChunkedParse.parse(wasm, 2);
        assertNotNull(chunked);
        assertEquals(expected, chunked);
        assertEquals(expected.digest(), chunked.digest());
        assertNotNull(chunked.customSection("after-code"));
        assertEquals(expected.customSections().size(), chunked.customSections().size());
    }

    @Test
    void parse_runsFilledBeforeTheLastFunction_equalsChicorysParse() {
        // Four tiny entry points, then four metered copies of about 330 bytes: in 3 runs the second
        // is full at the last body, which once left an empty third run and no chunked parse at all.
        byte[] instrumented = FuelInstrumenter.instrument(TestGuests.largeModule(4, 300)).wasm();
        for (int runs = 2; runs <= 4; runs++) {
            WasmModule chunked = ChunkedParse.parse(instrumented, runs);
            assertNotNull(chunked, "in " + runs + " runs");
            assertEquals(Parser.parse(instrumented), chunked);
        }
    }

    @Test
    void parse_smallModule_leavesItToChicorysParse() {
        assertNull(ChunkedParse.parse(FuelInstrumenter.instrument(TestGuests.sample("hello")).wasm()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1_000, 1_999})
    void parse_functionInvalidInAnyRun_isNull(int function) {
        byte[] instrumented = FuelInstrumenter.instrument(invalidAt(function)).wasm();
        assertThrows(ChicoryException.class, () -> Parser.parse(instrumented));
        assertNull(ChunkedParse.parse(instrumented, 2));
        assertNull(ChunkedParse.parse(instrumented, 3));
    }

    @Test
    void deploy_largeModuleInvalidInALateFunction_isRefusedInChicorysWords() {
        byte[] invalid = invalidAt(1_999);
        ChicoryException chicory = assertThrows(ChicoryException.class, () -> Parser.parse(invalid));
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            ModuleRejectedException refused =
                    assertThrows(ModuleRejectedException.class, () -> host.deploy("large", invalid, FunctionSettings.defaults()));
            assertEquals("not a valid Wasm module: " + chicory.getMessage(), refused.getMessage());
        }
    }

    /** {@link #LARGE} with one function's last {@code drop} made an {@code i32.add} of one operand: a type error. */
    private static byte[] invalidAt(int function) {
        byte[] wasm = LARGE.clone();
        int seen = 0;
        // Each straight-line body ends "i32.const n, drop, end"; count the ends of bodies from the front.
        for (int at = 0; at < wasm.length - 1; at++) {
            if (wasm[at] == 0x1A && wasm[at + 1] == 0x0B && ++seen == function) {
                wasm[at] = 0x6A;
                return wasm;
            }
        }
        throw new IllegalArgumentException("no function " + function);
    }
}

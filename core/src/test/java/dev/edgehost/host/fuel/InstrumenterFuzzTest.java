package dev.edgehost.host.fuel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.wasm.Parser;

/**
 * The instrumenter never turns a valid module into an invalid one: whenever Chicory parses and
 * validates the input, the metered module parses and validates too, or the instrumenter refuses
 * the input with its own exception. {@code mvn verify} replays the corpus in
 * {@code InstrumenterFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class InstrumenterFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void instrument_validModule_staysValid(byte[] wasm) {
        try {
            Parser.parse(wasm);
        } catch (RuntimeException | AssertionError invalid) {
            // Chicory's parser throws more than ChicoryException on some malformed bytes (a
            // NullPointerException on a stray end, an AssertionError in a code section); the host
            // refuses all of them alike.
            return;
        }
        InstrumentedModule metered;
        try {
            metered = FuelInstrumenter.instrument(wasm);
        } catch (InstrumentationException refused) {
            return;
        }
        Parser.parse(metered.wasm());
    }
}

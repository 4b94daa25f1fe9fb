package dev.edgehost.host.fuel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.host.script.JavaScriptEngine;
import dev.edgehost.testing.TestGuests;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The instrumenter writes the bytes it always wrote: its output goes into one array of its exact
 * size, read and copied in place, where it was copied through growing streams. The digests are
 * those of the output before that change; a deliberate change of the instrumented code changes
 * them.
 */
class InstrumentedBytesTest {
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        THREADS.shutdownNow();
    }

    @Test
    void instrument_javaScriptEngine_givesTheBytesItAlwaysGave() throws IOException {
        byte[] wasm;
        try (InputStream in = JavaScriptEngine.class.getResourceAsStream("edge-js.wasm")) {
            wasm = in.readAllBytes();
        }
        String expected = "ac35a48684cb28b7a9fdeee2b0fa8c4d74e37ca4cc4745b17889a04edb7db730";
        assertEquals(expected, sha256(FuelInstrumenter.instrument(wasm).wasm()));
        assertEquals(expected, sha256(FuelInstrumenter.instrument(wasm, THREADS, 2).wasm()));
    }

    @Test
    void instrument_largeSyntheticModule_givesTheBytesItAlwaysGave() {
        byte[] instrumented = FuelInstrumenter.instrument(TestGuests.largeModule(2_000, 400), THREADS, 3).wasm();
        assertEquals(895_662, instrumented.length);
        assertEquals("44deb611a34c21a0be59dc8e88cafd0cb2e5c1dc45bcd9b164baeec842820793", sha256(instrumented));
    }

    @Test
    void instrument_samples_giveTheBytesTheyAlwaysGave() {
        assertEquals("8e86d1378499775965795cc0e2040aa204224d4776c7eff23325b88062c91c87",
                sha256(FuelInstrumenter.instrument(TestGuests.sample("hello")).wasm()));
        assertEquals("0b83c903e0e401c402484716af47d146401f48a236c411c646ad04a9224bdeab",
                sha256(FuelInstrumenter.instrument(TestGuests.sample("kv-counter")).wasm()));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

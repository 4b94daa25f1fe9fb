package dev.edgehost.host.compile;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.edgehost.host.ModuleRejectedException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Forged counts are refused before the parser sizes anything by them. */
class ModuleSizeCheckTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    private static byte[] module(int... bytes) {
        byte[] wasm = new byte[HEADER.length + bytes.length];
        System.arraycopy(HEADER, 0, wasm, 0, HEADER.length);
        for (int i = 0; i < bytes.length; i++) {
            wasm[HEADER.length + i] = (byte) bytes[i];
        }
        return wasm;
    }

    @Test
    void check_dataSectionCountingBillionsOfSegmentsInFiveBytes_isRefused() {
        // Data section of 5 bytes declaring 0xFFFFFFF segments.
        ModuleRejectedException refused =
                assertThrows(ModuleRejectedException.class, () -> ModuleSizeCheck.check(module(11, 5, 0xFF, 0xFF, 0xFF, 0x7F, 0)));
        assertTrue(refused.getMessage().contains("declares 268435455 entries in 5 bytes"), refused.getMessage());
    }

    @Test
    void check_functionWithMoreLocalsThanTheBound_isRefused() {
        byte[] wasm = Wat2Wasm.parse("(module (func (local i32 i32) (local i64)))");
        assertDoesNotThrow(() -> ModuleSizeCheck.check(wasm));
        // One function body: one group of 100,000 i32 locals.
        byte[] forged = module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 1, 0xA0, 0x8D, 0x06, 0x7F, 0x0B);
        assertThrows(ModuleRejectedException.class, () -> ModuleSizeCheck.check(forged));
    }

    @Test
    void check_malformedOrTruncatedBytes_areLeftToTheParser() {
        assertDoesNotThrow(() -> ModuleSizeCheck.check(new byte[] {1, 2, 3}));
        assertDoesNotThrow(() -> ModuleSizeCheck.check(module(11, 0x7F)));
        assertDoesNotThrow(() -> ModuleSizeCheck.check(module(1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)));
    }

    @Test
    void check_dataSegmentLongerThanItsSection_isRefused() {
        // Data section of 10 bytes: one active segment at offset 0 declaring 0x7FFFFFFF bytes.
        assertThrows(ModuleRejectedException.class,
                () -> ModuleSizeCheck.check(module(11, 10, 1, 0, 0x41, 0, 0x0B, 0xFF, 0xFF, 0xFF, 0xFF, 0x07)));
        // The same with its length cut short: malformed, which the parser reports itself.
        assertDoesNotThrow(() -> ModuleSizeCheck.check(module(11, 8, 1, 0, 0x41, 0, 0x0B, 0xFF, 0xFF, 0xFF)));
    }

    @Test
    void check_theUploadFuzzersOutOfMemoryInput_isRefused() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(
                "/dev/edgehost/host/ModuleUploadFuzzTestInputs/deploy_anyBytes_deploysOrIsRejectedAsItsFailureClass/"
                        + "crash-cb2fe7c11d0f4eec4fe0dd6a1d9bd1d889e7f8c4")) {
            byte[] wasm = in.readAllBytes();
            assertThrows(ModuleRejectedException.class, () -> ModuleSizeCheck.check(wasm));
        }
    }
}

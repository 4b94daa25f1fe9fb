package dev.edgehost.host.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.testing.TestGuests;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WebAssembly text uploaded as a module is refused with how to compile it, not with "magic header not detected". */
class TextFormatCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "(module)",
        "  \n\t(module (func))",
        ";; hello.wat\n;; another line\n(module $hello)",
        "(; a block\ncomment ;) (module)",
        "\uFEFF(module)"
    })
    void isText_watText_isText(String text) {
        assertTrue(TextFormatCheck.isText(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "(func)", "hello", "module", ";; only a comment", "(; unterminated (module)"})
    void isText_otherText_isNot(String text) {
        assertFalse(TextFormatCheck.isText(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void isText_binaryModule_isNot() {
        assertFalse(TextFormatCheck.isText(TestGuests.sample("hello")));
    }

    @Test
    void deploy_watText_isRefusedWithAHintToCompileIt() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            byte[] wat = ";; hello\n(module (memory (export \"memory\") 1) (func (export \"handle\")))".getBytes(StandardCharsets.UTF_8);

            ModuleRejectedException refused =
                    assertThrows(ModuleRejectedException.class, () -> host.deploy("fn", wat, FunctionSettings.defaults()));

            assertEquals("invalid_module", refused.error().code());
            assertTrue(refused.getMessage().contains("WebAssembly text (.wat), not a binary module"), refused.getMessage());
            assertTrue(refused.getMessage().contains("wat2wasm FILE.wat -o FILE.wasm"), refused.getMessage());
        }
    }
}

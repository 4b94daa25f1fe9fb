package dev.edgehost.host.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.FunctionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The stored record of a function: a script says so, and records from before scripts read as modules. */
class StoredFunctionJsonTest {
    private static final byte[] SCRIPT = "export default { fetch() { return new Response('x'); } };".getBytes(StandardCharsets.UTF_8);

    @Test
    void write_script_recordsItsKind() throws IOException {
        StoredFunction script =
                new StoredFunction("js", FunctionStore.sha256(SCRIPT), SCRIPT, FunctionSettings.defaults(), Instant.EPOCH, FunctionKind.JAVASCRIPT);

        byte[] json = StoredFunctionJson.write(script);
        StoredFunction read = StoredFunctionJson.read(json).withModule(SCRIPT);

        assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"kind\":\"javascript\""));
        assertEquals(FunctionKind.JAVASCRIPT, read.kind());
        assertArrayEquals(SCRIPT, read.wasm());
    }

    @Test
    void read_recordWithoutKind_isAModule() throws IOException {
        // A module's record is written as before scripts existed: without a kind.
        byte[] json = StoredFunctionJson.write(new StoredFunction("old", "ab", new byte[0], FunctionSettings.defaults(), Instant.EPOCH));

        assertFalse(new String(json, StandardCharsets.UTF_8).contains("kind"));
        assertEquals(FunctionKind.WASM, StoredFunctionJson.read(json).kind());
    }
}

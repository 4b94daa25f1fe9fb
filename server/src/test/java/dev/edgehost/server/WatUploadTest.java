package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The admin API refuses WebAssembly text with a 400 that says to compile it with wat2wasm. */
class WatUploadTest {

    @Test
    void deploy_watText_is400WithAHint() {
        try (TestHost host = TestHost.start(null)) {
            byte[] wat = "(module (memory (export \"memory\") 1) (func (export \"handle\")))".getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> response = host.deploy("fn", wat, "");

            assertEquals(400, response.statusCode());
            assertEquals("invalid_module", TestHost.errorCode(response));
            String message = TestHost.json(response).path("message").asText();
            assertTrue(message.contains("wat2wasm"), message);
            assertEquals(404, host.get("/fn").statusCode(), "nothing was deployed");
        }
    }
}

package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A failed admin call as one line a person can act on: the status, the stable error code and the
 * host's message from the JSON error body, never just a number.
 */
final class AdminFailure {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminFailure() {}

    static String describe(HttpResponse<byte[]> response) {
        return describe(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }

    /** {@code error: 404 not_found: no function named "x"}, or the raw body when it is no JSON error. */
    static String describe(int status, String body) {
        String detail = body.strip();
        try {
            JsonNode error = JSON.readTree(detail);
            if (error != null && error.hasNonNull("error")) {
                detail = error.path("error").asText() + ": " + error.path("message").asText("");
            }
        } catch (IOException notJson) {
            // A proxy's HTML page or plain text: shown as it is.
        }
        return "error: the admin API answered " + status + (detail.isEmpty() ? "" : " " + detail);
    }
}

package dev.edgehost.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The line the CLI prints for an admin API answer that is not a success: the status, and the
 * error code and message of the JSON error body (ABI spec §9), so that a user sees why without
 * reading JSON; a body that is no such error (from a proxy in between, say) is shown as it is.
 */
final class AdminErrorMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SHOWN_BODY = 500;

    private AdminErrorMessage() {}

    static String describe(int status, String body) {
        String prefix = "the admin API answered " + status;
        JsonNode error = parse(body);
        if (error != null && error.path("error").isTextual() && error.path("message").isTextual()) {
            String requestId = error.path("requestId").asText("");
            return prefix + " " + error.path("error").asText() + ": " + error.path("message").asText()
                    + (requestId.isEmpty() ? "" : " (request " + requestId + ")");
        }
        if (body.isBlank()) {
            return prefix + " with an empty body";
        }
        String shown = body.strip();
        return prefix + ": " + (shown.length() > MAX_SHOWN_BODY ? shown.substring(0, MAX_SHOWN_BODY) + "..." : shown);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

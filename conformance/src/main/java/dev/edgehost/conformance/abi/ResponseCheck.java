package dev.edgehost.conformance.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The expectations of one request ({@code expect}): {@code status}; {@code headers} (exact values,
 * a string or every value in order), {@code headersPresent}, {@code headersAbsent},
 * {@code headersPattern} (a regular expression every value matches); {@code body} (exact),
 * {@code bodyJson} (equal as JSON), {@code bodyPattern} (a regular expression the whole body
 * matches), {@code bodyLength}; {@code error}, the code of a host error response (ABI §9); and
 * {@code cut}: {@code true} when the body must end cut (the connection closed before its end), as a
 * response flushed before a failure does (ABI §5.6); any other response must arrive whole; and
 * {@code maxMs}, the most milliseconds the whole exchange may take (for concurrent fetches, §12.7).
 */
final class ResponseCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 300;

    private ResponseCheck() {}

    static void check(Received response, JsonNode expect, String what) throws CaseFailure {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.cut() != expect.path("cut").asBoolean(false)) {
            fail(what, response.cut() ? "the body was cut before its end" : "the body ended whole, expected it cut", body);
        }
        if (expect.has("status") && response.status() != expect.path("status").asInt()) {
            fail(what, "status " + response.status() + ", expected " + expect.path("status").asInt(), body);
        }
        for (Map.Entry<String, JsonNode> header : CannedOrigins.iterable(expect.path("headers"))) {
            List<String> expected = CannedOrigins.values(header.getValue());
            List<String> actual = response.headers().allValues(header.getKey());
            if (!actual.equals(expected)) {
                fail(what, "header " + header.getKey() + " is " + actual + ", expected " + expected, body);
            }
        }
        for (JsonNode name : expect.path("headersPresent")) {
            if (response.headers().allValues(name.asText()).isEmpty()) {
                fail(what, "header " + name.asText() + " is missing", body);
            }
        }
        for (JsonNode name : expect.path("headersAbsent")) {
            if (!response.headers().allValues(name.asText()).isEmpty()) {
                fail(what, "header " + name.asText() + " should be absent, is " + response.headers().allValues(name.asText()), body);
            }
        }
        for (Map.Entry<String, JsonNode> header : CannedOrigins.iterable(expect.path("headersPattern"))) {
            List<String> actual = response.headers().allValues(header.getKey());
            Pattern pattern = Pattern.compile(header.getValue().asText(), Pattern.DOTALL);
            if (actual.isEmpty() || !actual.stream().allMatch(value -> pattern.matcher(value).matches())) {
                fail(what, "header " + header.getKey() + " is " + actual + ", expected to match " + pattern, body);
            }
        }
        if (expect.has("body") && !body.equals(expect.path("body").asText())) {
            fail(what, "body differs, expected \"" + shown(expect.path("body").asText()) + "\"", body);
        }
        if (expect.has("bodyPattern") && !Pattern.compile(expect.path("bodyPattern").asText(), Pattern.DOTALL).matcher(body).matches()) {
            fail(what, "body does not match " + expect.path("bodyPattern").asText(), body);
        }
        if (expect.has("bodyLength") && response.body().length != expect.path("bodyLength").asInt()) {
            fail(what, "body has " + response.body().length + " bytes, expected " + expect.path("bodyLength").asInt(), body);
        }
        if (expect.has("bodyJson") && !expect.path("bodyJson").equals(json(body))) {
            fail(what, "body is not the JSON " + expect.path("bodyJson"), body);
        }
        if (expect.has("error") && !json(body).path("error").asText().equals(expect.path("error").asText())) {
            fail(what, "error code is not " + expect.path("error").asText(), body);
        }
    }

    static void checkTime(long elapsedMs, JsonNode expect, String what) throws CaseFailure {
        if (expect.has("maxMs") && elapsedMs > expect.path("maxMs").asLong()) {
            throw new CaseFailure(what + ": took " + elapsedMs + " ms, expected at most " + expect.path("maxMs").asLong() + " ms");
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static void fail(String what, String problem, String body) throws CaseFailure {
        throw new CaseFailure(what + ": " + problem + "; body: \"" + shown(body) + "\"");
    }

    private static String shown(String text) {
        String escaped = text.replace("\n", "\\n").replace("\r", "\\r");
        return escaped.length() <= SHOWN ? escaped : escaped.substring(0, SHOWN) + "...";
    }
}

package dev.edgehost.host.cgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.CgiOutput;
import dev.edgehost.host.InvalidCgiResponseException;
import dev.edgehost.host.capability.GuestResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a CGI program's standard output becomes its response (RFC 3875 §6): the data is the rule. */
class CgiResponseReaderTest {
    private final List<String> warnings = new ArrayList<>();

    private GuestResponse read(String output, CgiOutput mode) {
        GuestResponse response = new GuestResponse(100, 4, 200);
        new CgiResponseReader(mode, response, (level, message) -> {
            if (level == LogLevel.WARN) {
                warnings.add(message);
            }
        }, 100).read(output.getBytes(StandardCharsets.ISO_8859_1));
        return response;
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("Content-Type: text/html\n\n<p>hi</p>", 200, List.of(Map.entry("content-type", "text/html")), "<p>hi</p>"),
                Arguments.of("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\ngone", 404,
                        List.of(Map.entry("content-type", "text/plain")), "gone"),
                Arguments.of("Status: 204\n\n", 204, List.of(), ""),
                Arguments.of("Location: https://example.com/next\n\n", 302,
                        List.of(Map.entry("location", "https://example.com/next")), ""),
                Arguments.of("Location: /local\nStatus: 303 See Other\n\n", 303, List.of(Map.entry("location", "/local")), ""),
                Arguments.of("content-type:text/plain\nX-Many: a\nx-many:  b \t\n\nbody\n", 200,
                        List.of(Map.entry("content-type", "text/plain"), Map.entry("x-many", "a"), Map.entry("x-many", "b")),
                        "body\n"),
                Arguments.of("Content-Type: text/plain\nContent-Length: 99\nConnection: close\n\nbody", 200,
                        List.of(Map.entry("content-type", "text/plain")), "body"),
                Arguments.of("\nno headers at all", 200, List.of(), "no headers at all"),
                Arguments.of("hello\nworld\n", 200, List.of(Map.entry("content-type", CgiResponseReader.PLAIN_TEXT)), "hello\nworld\n"),
                Arguments.of("Content-Type: text/plain\n", 200, List.of(Map.entry("content-type", CgiResponseReader.PLAIN_TEXT)),
                        "Content-Type: text/plain\n"),
                Arguments.of("Bad Name: x\n\nbody", 200, List.of(Map.entry("content-type", CgiResponseReader.PLAIN_TEXT)),
                        "Bad Name: x\n\nbody"),
                Arguments.of("", 200, List.of(Map.entry("content-type", CgiResponseReader.PLAIN_TEXT)), ""));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void read_lenient_buildsTheResponse(String output, int status, List<Map.Entry<String, String>> headers, String body) {
        GuestResponse response = read(output, CgiOutput.LENIENT);

        assertEquals(status, response.status());
        assertEquals(headers, response.headers());
        assertEquals(body, new String(response.body(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void read_hostOwnedHeader_isLeftOutAndLogged() {
        read("Content-Type: text/plain\nX-Request-Id: forged\n\n", CgiOutput.LENIENT);

        assertEquals(List.of("the CGI response's X-Request-Id header is one the host sets itself; it was left out"), warnings);
    }

    static Stream<Arguments> invalidInBothModes() {
        return Stream.of(
                Arguments.of("Status: abc\n\n", "the Status field is not a three-digit code"),
                Arguments.of("Status: 2000\n\n", "the Status field is not a three-digit code"),
                Arguments.of("Status: 101 Switching\n\n", "the Status 101 is not a final status"),
                Arguments.of("Status: 600\n\n", "the Status 600 is not a final status"),
                Arguments.of("Status: 200\nStatus: 404\n\n", "more than one Status"),
                Arguments.of("Location: /a\nLocation: /b\n\n", "more than one Location"),
                Arguments.of("Location:\n\n", "the Location field is empty"),
                Arguments.of("Content-Type: a\nContent-Type: b\n\n", "more than one Content-Type"),
                Arguments.of("Content-Type: text/plain\nX-Bad: a\rb\n\n", "the X-Bad header's value has a control character"),
                Arguments.of("A: 1\nB: 2\nC: 3\nD: 4\nE: 5\n\n", "more header fields or header bytes"),
                Arguments.of("X-Long: " + "v".repeat(200) + "\n\n", "more header fields or header bytes"),
                Arguments.of("Content-Type: text/plain\n\n" + "b".repeat(101), "the body of 101 bytes is larger than the function's"
                        + " max-response-body of 100 bytes"),
                Arguments.of("b".repeat(101), "the body of 101 bytes is larger"));
    }

    @ParameterizedTest
    @MethodSource("invalidInBothModes")
    void read_invalid_failsWhateverTheMode(String output, String problem) {
        for (CgiOutput mode : CgiOutput.values()) {
            if (mode == CgiOutput.STRICT && !output.contains("\n\n")) {
                continue;
            }
            InvalidCgiResponseException failure = assertThrows(InvalidCgiResponseException.class, () -> read(output, mode));
            assertTrue(failure.getMessage().contains(problem), () -> mode + ": " + failure.getMessage());
        }
    }

    static Stream<Arguments> invalidWhenStrict() {
        return Stream.of(
                Arguments.of("hello\nworld\n", "the output does not begin with a CGI header block: line 1 is not a header field: \"hello\""),
                Arguments.of("Content-Type: text/plain\n", "no blank line ends the header fields"),
                Arguments.of("", "the program wrote nothing to standard output"),
                Arguments.of("Status: 200\n\nbody", "neither a Content-Type nor a Location"),
                Arguments.of("X-Only: 1\n\n", "neither a Content-Type nor a Location"));
    }

    @ParameterizedTest
    @MethodSource("invalidWhenStrict")
    void read_strict_refusesWhatLenientServes(String output, String problem) {
        InvalidCgiResponseException failure = assertThrows(InvalidCgiResponseException.class, () -> read(output, CgiOutput.STRICT));

        assertTrue(failure.getMessage().contains(problem), failure.getMessage());
        assertEquals(200, read(output, CgiOutput.LENIENT).status());
    }
}

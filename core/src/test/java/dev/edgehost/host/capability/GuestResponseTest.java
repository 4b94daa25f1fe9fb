package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuestResponseTest {
    private static final int MAX_BODY = 10;
    private static final int MAX_HEADERS = 3;
    private static final int MAX_HEADER_BYTES = 64;

    private final GuestResponse response = new GuestResponse(MAX_BODY, MAX_HEADERS, MAX_HEADER_BYTES);

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void fillHeadersToLimit() {
        response.addHeader("a", "1");
        response.addHeader("b", "2");
        response.addHeader("c", "3");
    }

    @Test
    void newResponse_is200WithNoHeadersAndEmptyBody() {
        assertEquals(200, response.status());
        assertEquals(List.of(), response.headers());
        assertArrayEquals(new byte[0], response.body());
    }

    // --- §5.1 status ---

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 302, 418, 500, 599})
    void setStatus_200To599_setsStatusAndReturnsZero(int status) {
        assertEquals(0, response.setStatus(status));

        assertEquals(status, response.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {99, 600, 0, -200, 1000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void setStatus_outside100To599_returnsInvalidArgumentAndKeepsStatus(int status) {
        response.setStatus(404);

        assertEquals(-2, response.setStatus(status));

        assertEquals(404, response.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 102, 103, 150, 199})
    void setStatus_informational_returnsDeniedAndKeepsStatus(int status) {
        response.setStatus(404);

        assertEquals(-4, response.setStatus(status));

        assertEquals(404, response.status());
    }

    @Test
    void setStatus_calledTwice_lastOneWins() {
        response.setStatus(301);
        response.setStatus(503);

        assertEquals(503, response.status());
    }

    // --- §5.2 set and §5.3 add ---

    @Test
    void setHeader_mixedCaseName_storesLowerCaseName() {
        assertEquals(0, response.setHeader("Content-Type", "text/html"));

        assertEquals(List.of(Map.entry("content-type", "text/html")), response.headers());
    }

    @Test
    void setHeader_existingHeaderInOtherCase_removesEveryEarlierValue() {
        response.addHeader("Vary", "accept");
        response.addHeader("x-other", "o");
        response.addHeader("VARY", "origin");

        assertEquals(0, response.setHeader("vary", "*"));

        assertEquals(List.of(Map.entry("x-other", "o"), Map.entry("vary", "*")), response.headers());
    }

    @Test
    void addHeader_existingHeader_keepsEarlierValuesInOrder() {
        response.setHeader("set-cookie", "a=1");

        assertEquals(0, response.addHeader("Set-Cookie", "b=2"));
        assertEquals(0, response.addHeader("SET-COOKIE", "c=3"));

        assertEquals(
                List.of(Map.entry("set-cookie", "a=1"), Map.entry("set-cookie", "b=2"), Map.entry("set-cookie", "c=3")),
                response.headers());
    }

    @Test
    void setHeader_valueWithTabSpaceAndLatin1_isKeptUnchanged() {
        assertEquals(0, response.setHeader("x-v", " a\tb \u00e9\u00ff"));

        assertEquals(List.of(Map.entry("x-v", " a\tb \u00e9\u00ff")), response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\0b", "\r\n", "trailing\n"})
    void setHeader_valueWithCrLfOrNul_returnsInvalidArgumentAndKeepsHeaders(String value) {
        response.setHeader("x-v", "kept");

        assertEquals(-2, response.setHeader("x-v", value));

        assertEquals(List.of(Map.entry("x-v", "kept")), response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\0b"})
    void addHeader_valueWithCrLfOrNul_returnsInvalidArgument(String value) {
        assertEquals(-2, response.addHeader("x-v", value));

        assertEquals(List.of(), response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "x y", "x:", "x\"", "x,y", "x;y", "x=y", "x@y", "x\u00e9", "x\u007f"})
    void setHeader_nameNotAToken_returnsInvalidArgument(String name) {
        assertEquals(-2, response.setHeader(name, "v"));

        assertEquals(List.of(), response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x/y", "{x}"})
    void addHeader_nameNotAToken_returnsInvalidArgument(String name) {
        assertEquals(-2, response.addHeader(name, "v"));

        assertEquals(List.of(), response.headers());
    }

    @Test
    void setAndAddHeader_everyHostOwnedNameInAnyCase_returnDenied() {
        for (String owned : HeaderRules.HOST_OWNED) {
            for (String name : List.of(owned, owned.toUpperCase(Locale.ROOT), capitalized(owned))) {
                assertEquals(-4, response.setHeader(name, "1"), name);
                assertEquals(-4, response.addHeader(name, "1"), name);
            }
        }

        assertEquals(List.of(), response.headers());
    }

    private static String capitalized(String name) {
        StringBuilder result = new StringBuilder(name);
        for (int i = 0; i < result.length(); i++) {
            if (i == 0 || result.charAt(i - 1) == '-') {
                result.setCharAt(i, Character.toUpperCase(result.charAt(i)));
            }
        }
        return result.toString();
    }

    @Test
    void setHeader_hostOwnedNameWithInvalidValue_returnsInvalidArgumentFirst() {
        // §3.3 fixes the order of the checks for §5: name and value, then ownership, then limits.
        assertEquals(-2, response.setHeader("Content-Length", "1\r\n"));
    }

    @Test
    void addHeader_hostOwnedNameAtLimit_returnsDeniedBeforeLimitExceeded() {
        fillHeadersToLimit();

        assertEquals(-4, response.addHeader("connection", "close"));
    }

    @Test
    void addHeader_invalidValueAtLimit_returnsInvalidArgumentBeforeLimitExceeded() {
        fillHeadersToLimit();

        assertEquals(-2, response.addHeader("d", "\n"));
    }

    @Test
    void addHeader_atLimit_returnsLimitExceededAndKeepsHeaders() {
        fillHeadersToLimit();

        assertEquals(-3, response.addHeader("a", "again"));

        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3")), response.headers());
    }

    @Test
    void addHeader_belowLimit_isAccepted() {
        response.addHeader("a", "1");
        response.addHeader("a", "2");

        assertEquals(0, response.addHeader("a", "3"));

        assertEquals(MAX_HEADERS, response.headers().size());
    }

    @Test
    void setHeader_newNameAtLimit_returnsLimitExceededAndKeepsHeaders() {
        fillHeadersToLimit();

        assertEquals(-3, response.setHeader("d", "4"));

        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3")), response.headers());
    }

    @Test
    void setHeader_existingNameAtLimit_replacesIt() {
        fillHeadersToLimit();

        assertEquals(0, response.setHeader("A", "10"));

        assertEquals(List.of(Map.entry("b", "2"), Map.entry("c", "3"), Map.entry("a", "10")), response.headers());
    }

    @Test
    void setHeader_nameWithSeveralValuesAtLimit_leavesOneValue() {
        response.addHeader("x", "1");
        response.addHeader("x", "2");
        response.addHeader("y", "3");

        assertEquals(0, response.setHeader("x", "only"));

        assertEquals(List.of(Map.entry("y", "3"), Map.entry("x", "only")), response.headers());
        assertEquals(0, response.addHeader("z", "4"));
    }

    @Test
    void headers_returnedList_cannotBeModified() {
        response.addHeader("a", "1");
        List<Map.Entry<String, String>> headers = response.headers();

        assertThrows(UnsupportedOperationException.class, () -> headers.add(Map.entry("content-length", "0")));
    }

    // --- §5.4 body ---

    @Test
    void write_withinLimit_appendsAndReturnsLength() {
        assertEquals(3, response.write(ascii("abc")));
        assertEquals(4, response.write(ascii("defg")));

        assertArrayEquals(ascii("abcdefg"), response.body());
    }

    @Test
    void write_upToExactlyTheLimit_isAccepted() {
        response.write(ascii("12345"));

        assertEquals(5, response.write(ascii("67890")));

        assertEquals(MAX_BODY, response.body().length);
    }

    @Test
    void write_pastTheLimit_returnsLimitExceededAndAppendsNothing() {
        response.write(ascii("12345"));

        assertEquals(-3, response.write(ascii("678901")));

        assertArrayEquals(ascii("12345"), response.body());
    }

    @Test
    void write_afterRejectedWrite_smallerWriteStillFits() {
        response.write(ascii("12345"));
        response.write(ascii("678901"));

        assertEquals(2, response.write(ascii("67")));

        assertArrayEquals(ascii("1234567"), response.body());
    }

    @Test
    void write_emptyBytes_returnsZero() {
        assertEquals(0, response.write(new byte[0]));
    }

    @Test
    void write_limitZero_acceptsOnlyEmptyWrites() {
        GuestResponse noBody = new GuestResponse(0, MAX_HEADERS, MAX_HEADER_BYTES);

        assertEquals(0, noBody.write(new byte[0]));
        assertEquals(-3, noBody.write(new byte[1]));
    }

    @Test
    void addHeader_pastTheByteLimit_returnsLimitExceededAndKeepsHeaders() {
        String value = "x".repeat(57); // with its name, 60 of the 64 bytes

        assertEquals(0, response.addHeader("x-a", value));
        assertEquals(-3, response.addHeader("x-b", "12"));
        assertEquals(0, response.addHeader("x-b", "1"));
        assertEquals(List.of(Map.entry("x-a", value), Map.entry("x-b", "1")), response.headers());
    }

    @Test
    void setHeader_replacingAValue_countsOnlyTheBytesThatRemain() {
        assertEquals(0, response.setHeader("x-a", "x".repeat(57)));

        assertEquals(0, response.setHeader("x-a", "y".repeat(61)));
        assertEquals(-3, response.setHeader("x-a", "z".repeat(62)));
        assertEquals(List.of(Map.entry("x-a", "y".repeat(61))), response.headers());
    }
}

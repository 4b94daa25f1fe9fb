package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestRequestTest {
    private static final String URL = "https://example.com/a?b=c";

    private static GuestRequest withHeaders(List<Map.Entry<String, String>> headers) {
        return new GuestRequest("GET", URL, headers, new byte[0]);
    }

    private static GuestRequest withBody(byte[] body) {
        return new GuestRequest("POST", URL, List.of(), body);
    }

    @Test
    void methodAndUrl_returnWhatWasGiven() {
        GuestRequest request = new GuestRequest("delete", URL, List.of(), new byte[0]);

        // Methods are case-sensitive (§4.1): the host passes them on as sent.
        assertEquals("delete", request.method());
        assertEquals(URL, request.url());
    }

    @Test
    void header_headerGivenInMixedCase_isFoundByLowerCaseName() {
        GuestRequest request = withHeaders(List.of(Map.entry("X-Forwarded-For", "10.0.0.1")));

        assertEquals("10.0.0.1", request.header("x-forwarded-for"));
    }

    @Test
    void header_severalValues_joinsThemInArrivalOrderWithCommaSpace() {
        GuestRequest request =
                withHeaders(
                        List.of(
                                Map.entry("Via", "1.1 a"),
                                Map.entry("Host", "example.com"),
                                Map.entry("VIA", "1.1 b"),
                                Map.entry("via", "1.1 c")));

        assertEquals("1.1 a, 1.1 b, 1.1 c", request.header("via"));
    }

    @Test
    void header_emptyValues_areJoinedToo() {
        GuestRequest request = withHeaders(List.of(Map.entry("x-e", ""), Map.entry("x-e", "")));

        assertEquals(", ", request.header("x-e"));
    }

    @Test
    void header_presentWithEmptyValue_returnsEmptyString() {
        GuestRequest request = withHeaders(List.of(Map.entry("x-empty", "")));

        assertEquals("", request.header("x-empty"));
    }

    @Test
    void header_absent_returnsNull() {
        GuestRequest request = withHeaders(List.of(Map.entry("x-present", "1")));

        assertNull(request.header("x-absent"));
    }

    @Test
    void header_headersListChangedAfterConstruction_isNotAffected() {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("a", "1")));
        GuestRequest request = withHeaders(headers);

        headers.add(Map.entry("a", "2"));

        assertEquals("1", request.header("a"));
    }

    @Test
    void headerLines_severalHeaders_oneLowerCaseLinePerValueInArrivalOrder() {
        GuestRequest request =
                withHeaders(
                        List.of(
                                Map.entry("Host", "example.com"),
                                Map.entry("Accept", "text/html"),
                                Map.entry("ACCEPT", "*/*"),
                                Map.entry("X-Empty", "")));

        assertEquals("host: example.com\naccept: text/html\naccept: */*\nx-empty: \n", request.headerLines());
    }

    @Test
    void headerLines_noHeaders_isEmpty() {
        assertEquals("", withHeaders(List.of()).headerLines());
    }

    @Test
    void readBody_repeatedCalls_continueWhereThePreviousStoppedThenReturnZero() {
        GuestRequest request = withBody(new byte[] {1, 2, 3, 4, 5});
        byte[] target = new byte[3];

        assertEquals(3, request.readBody(target, 0, 3));
        assertArrayEquals(new byte[] {1, 2, 3}, target);
        assertEquals(2, request.readBody(target, 0, 3));
        assertArrayEquals(new byte[] {4, 5, 3}, target);
        assertEquals(0, request.readBody(target, 0, 3));
        assertEquals(0, request.readBody(target, 0, 3));
    }

    @Test
    void readBody_offset_copiesToThatOffsetOnly() {
        GuestRequest request = withBody(new byte[] {7, 8});
        byte[] target = {-1, -1, -1, -1};

        assertEquals(2, request.readBody(target, 1, 3));

        assertArrayEquals(new byte[] {-1, 7, 8, -1}, target);
    }

    @Test
    void readBody_zeroLength_returnsZeroAndConsumesNothing() {
        GuestRequest request = withBody(new byte[] {7, 8});
        byte[] target = new byte[2];

        assertEquals(0, request.readBody(target, 0, 0));

        assertEquals(2, request.readBody(target, 0, 2));
        assertArrayEquals(new byte[] {7, 8}, target);
    }

    @Test
    void readBody_emptyBody_returnsZero() {
        assertEquals(0, withBody(new byte[0]).readBody(new byte[4], 0, 4));
    }
}

package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The depth a request arrived with: a decimal count, raised by the largest header, never below 0 nor past one over the limit. */
class SubrequestDepthTest {
    private static int arrived(String... values) {
        return SubrequestDepth.arrived(Arrays.stream(values).map(value -> Map.entry("X-Edge-Subrequest-Depth", value)).toList());
    }

    @Test
    void arrived_noHeader_isZero() {
        assertEquals(0, SubrequestDepth.arrived(List.of(Map.entry("x-other", "5"))));
    }

    @Test
    void arrived_decimalCount_inAnyCase_isThatDeep() {
        assertEquals(3, arrived(" 3 "));
    }

    @Test
    void arrived_notACount_countsAsNone() {
        assertEquals(0, arrived("-1"));
        assertEquals(0, arrived("2.5"));
        assertEquals(0, arrived(""));
        assertEquals(0, arrived("three"));
    }

    @Test
    void arrived_severalHeaders_theLargestCounts() {
        assertEquals(6, arrived("2", "6", "x"));
    }

    @Test
    void arrived_huge_isOneOverTheLimit() {
        assertEquals(SubrequestDepth.MAX + 1, arrived("99999999999999999999"));
        assertEquals(SubrequestDepth.MAX + 1, arrived("12"));
    }

    @Test
    void tooDeep_isThe508() {
        assertEquals(508, SubrequestDepth.tooDeep(9).error().status());
        assertTrue(SubrequestDepth.tooDeep(9).getMessage().contains("more than the 8"));
    }
}

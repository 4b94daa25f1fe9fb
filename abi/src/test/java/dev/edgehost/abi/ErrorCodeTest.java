package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ErrorCode} against the error code table of SPEC.md §3.3. */
class ErrorCodeTest {
    private static final Pattern ERROR_VALUE = Pattern.compile("-\\d+");

    private static SpecDocument spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        spec = SpecDocument.load();
    }

    @Test
    void values_matchSpecTable() {
        Map<String, Integer> specCodes = new TreeMap<>();
        for (List<String> row : spec.section("3.3").table("Value", "Name", "Meaning")) {
            Integer previous = specCodes.put(SpecDocument.codeSpan(row.get(1)), Integer.valueOf(row.get(0)));
            assertNull(previous, () -> "§3.3 lists " + row.get(1) + " twice");
        }
        Map<String, Integer> javaCodes =
                new TreeMap<>(Arrays.stream(ErrorCode.values()).collect(Collectors.toMap(ErrorCode::name, ErrorCode::value)));
        assertEquals(specCodes, javaCodes);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void value_isNegative(ErrorCode code) {
        assertTrue(code.value() < 0, () -> code + " = " + code.value());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void of_value_roundTrips(ErrorCode code) {
        assertSame(code, ErrorCode.of(code.value()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -7, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void of_unknownValue_throws(int value) {
        assertThrows(IllegalArgumentException.class, () -> ErrorCode.of(value));
    }

    @Test
    void appendixAErrors_areErrorCodes() {
        Set<Integer> known = Arrays.stream(ErrorCode.values()).map(ErrorCode::value).collect(Collectors.toSet());
        Set<Integer> listed = new TreeSet<>();
        for (List<String> row : spec.section("Appendix A.").table("§", "Name", "Signature", "Errors")) {
            Matcher value = ERROR_VALUE.matcher(row.get(3));
            while (value.find()) {
                listed.add(Integer.valueOf(value.group()));
            }
        }
        assertAll(listed.stream().map(value -> () -> assertTrue(known.contains(value), () -> "Appendix A lists " + value)));
    }
}

package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LogLevel} against the level table of SPEC.md §6.1. */
class LogLevelTest {

    @Test
    void values_matchSpecTable() throws IOException {
        Map<String, Integer> specLevels = new TreeMap<>();
        for (List<String> row : SpecDocument.load().section("6.1").table("Level", "Name")) {
            Integer previous = specLevels.put(row.get(1), Integer.valueOf(row.get(0)));
            assertNull(previous, () -> "§6.1 lists " + row.get(1) + " twice");
        }
        Map<String, Integer> javaLevels =
                new TreeMap<>(
                        Arrays.stream(LogLevel.values())
                                .collect(Collectors.toMap(level -> level.name().toLowerCase(Locale.ROOT), LogLevel::value)));
        assertEquals(specLevels, javaLevels);
    }

    @ParameterizedTest
    @EnumSource(LogLevel.class)
    void of_value_roundTrips(LogLevel level) {
        assertSame(level, LogLevel.of(level.value()));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4, 5, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void of_unknownValue_throws(int value) {
        assertThrows(IllegalArgumentException.class, () -> LogLevel.of(value));
    }
}

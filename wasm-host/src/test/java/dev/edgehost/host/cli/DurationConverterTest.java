package dev.edgehost.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void convert_millisecondsUnitsAndIso_areDurations() {
        assertEquals(Duration.ofMillis(1500), converter.convert("1500"));
        assertEquals(Duration.ofMillis(250), converter.convert("250ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
        assertEquals(Duration.ofSeconds(45), converter.convert("PT45S"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "-5", "PT-1S", "soon", "5 s", "1d", ""})
    void convert_zeroNegativeOrMalformed_isRefused(String value) {
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(value));
    }
}

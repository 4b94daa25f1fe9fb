package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void convert_millisSecondsOrBareNumber() {
        assertEquals(Duration.ofMillis(250), converter.convert("250ms"));
        assertEquals(Duration.ofSeconds(2), converter.convert("2s"));
        assertEquals(Duration.ofMillis(100), converter.convert("100"));
    }

    @Test
    void convert_noDuration_isRefused() {
        for (String value : new String[] {"", "-1ms", "1.5s", "2m", "ms"}) {
            assertThrows(TypeConversionException.class, () -> converter.convert(value), value);
        }
    }
}

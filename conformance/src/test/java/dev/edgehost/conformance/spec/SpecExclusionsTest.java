package dev.edgehost.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpecExclusionsTest {

    @Test
    void parse_readsWholeFilesAndSingleCommands() {
        SpecExclusions exclusions = SpecExclusions.parse(List.of(
                "# a comment",
                "",
                "simd_lane.wast   no SIMD here",
                "f32.wast:1652    signalling NaN"));

        assertEquals(Optional.of("no SIMD here"), exclusions.file("simd_lane.wast"));
        assertEquals(Optional.of("signalling NaN"), exclusions.command("f32.wast", 1652));
        assertTrue(exclusions.file("f32.wast").isEmpty());
        assertTrue(exclusions.command("f32.wast", 1653).isEmpty());
        assertEquals(List.of("simd_lane.wast", "f32.wast:1652"),
                exclusions.all().stream().map(SpecExclusions.Exclusion::name).collect(Collectors.toList()));
    }

    @Test
    void parse_refusesAnEntryWithoutReason() {
        assertThrows(IllegalArgumentException.class, () -> SpecExclusions.parse(List.of("f32.wast:12")));
    }

    @Test
    void parse_refusesARepeatedEntry() {
        assertThrows(IllegalArgumentException.class, () -> SpecExclusions.parse(List.of("a.wast  one", "a.wast  two")));
    }

    @Test
    void load_readsTheBundledList() {
        SpecExclusions exclusions = SpecExclusions.load();

        assertTrue(exclusions.file("simd_lane.wast").isPresent());
        assertTrue(exclusions.file("i32.wast").isEmpty());
    }
}

package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limit tables of the docs and of the ABI spec, between their markers, are exactly what the
 * limit registry says. Run with {@code -Dedge.approve=true} to rewrite them after changing a limit.
 */
class LimitTableTest {
    private static final String BEGIN = "<!-- limits:begin -->\n";
    private static final String END = "<!-- limits:end -->\n";

    @ParameterizedTest
    @ValueSource(strings = {"../docs/design/limits.md", "../abi/SPEC.md"})
    void limitTable_isTheRegistry(String document) throws IOException {
        Path file = Path.of(document);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, document + " lacks the limit table markers");
        String expected = table();
        if (Boolean.getBoolean("edge.approve")) {
            Files.writeString(file, text.substring(0, begin + BEGIN.length()) + expected + text.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, text.substring(begin + BEGIN.length(), end),
                "the limit table in " + document + " is out of date; rerun with -Dedge.approve=true");
    }

    @Test
    void registry_namesAreUniqueAndDefaultsBuild() {
        Set<String> names = new HashSet<>();
        for (Limit limit : FunctionLimits.registry()) {
            assertTrue(names.add(limit.name()), "limit " + limit.name() + " is registered twice");
            assertEquals(limit.defaultValue(), FunctionLimits.defaults().get(limit), limit.name());
            assertEquals(limit, FunctionLimits.limit(limit.name()));
        }
    }

    /** The table: one row per registered limit, in registry order. */
    static String table() {
        StringBuilder table = new StringBuilder("| Parameter | Owner | Default | Range | At the limit |\n|---|---|---|---|---|\n");
        for (Limit limit : FunctionLimits.registry()) {
            table.append("| `").append(limit.name()).append("` | ").append(limit.capability())
                    .append(" | ").append(amount(limit, limit.defaultValue()))
                    .append(" | ").append(limit.min()).append(" to ").append(limit.max())
                    .append(" | ").append(limit.help()).append(" |\n");
        }
        return table.toString();
    }

    /** A value as a reader wants it: sizes in KiB or MiB, times in seconds, pages with their bytes. */
    private static String amount(Limit limit, long value) {
        switch (limit.unit()) {
            case PAGES:
                return value + " pages (" + bytes(value * 65_536) + ")";
            case BYTES:
                return bytes(value);
            case MILLISECONDS:
                return value % 1000 == 0 ? value / 1000 + " s" : value + " ms";
            default:
                return String.format("%,d", value).replace(',', ' ');
        }
    }

    private static String bytes(long value) {
        if (value >= 1 << 20 && value % (1 << 20) == 0) {
            return value / (1 << 20) + " MiB";
        }
        if (value >= 1 << 10 && value % (1 << 10) == 0) {
            return value / (1 << 10) + " KiB";
        }
        return value + " bytes";
    }
}

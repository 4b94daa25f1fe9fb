package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DigestAlgorithm} and {@link SignatureAlgorithm} against the tables of SPEC.md §13. */
class CryptoAlgorithmTest {
    private static SpecDocument spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        spec = SpecDocument.load();
    }

    @Test
    void digestAlgorithms_matchSpecTable() {
        Map<Integer, String> specRows = new TreeMap<>();
        for (List<String> row : spec.section("13").table("alg", "Hash", "Output length")) {
            String previous = specRows.put(Integer.valueOf(row.get(0)), row.get(1) + " " + row.get(2));
            assertNull(previous, () -> "§13 lists alg " + row.get(0) + " twice");
        }
        Map<Integer, String> javaRows =
                new TreeMap<>(
                        Arrays.stream(DigestAlgorithm.values())
                                .collect(Collectors.toMap(DigestAlgorithm::value, alg -> alg.specName() + " " + alg.length())));
        assertEquals(specRows, javaRows);
    }

    @Test
    void signatureAlgorithms_matchSpecTable() {
        Map<Integer, String> specRows = new TreeMap<>();
        for (List<String> row : spec.section("13.3").table("alg", "Name", "Key", "Signature")) {
            String previous = specRows.put(Integer.valueOf(row.get(0)), SpecDocument.codeSpan(row.get(1)));
            assertNull(previous, () -> "§13.3 lists alg " + row.get(0) + " twice");
        }
        Map<Integer, String> javaRows =
                new TreeMap<>(
                        Arrays.stream(SignatureAlgorithm.values())
                                .collect(Collectors.toMap(SignatureAlgorithm::value, SignatureAlgorithm::name)));
        assertEquals(specRows, javaRows);
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void digestOf_value_roundTrips(DigestAlgorithm algorithm) {
        assertSame(algorithm, DigestAlgorithm.of(algorithm.value()));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signatureOf_value_roundTrips(SignatureAlgorithm algorithm) {
        assertSame(algorithm, SignatureAlgorithm.of(algorithm.value()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 4, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void digestOf_unknownValue_isNull(int value) {
        assertNull(DigestAlgorithm.of(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void signatureOf_unknownValue_isNull(int value) {
        assertNull(SignatureAlgorithm.of(value));
    }
}

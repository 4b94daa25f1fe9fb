package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link HttpError} against the error tables of SPEC.md §9. */
class HttpErrorTest {

    @Test
    void codes_matchSpecTables() throws IOException {
        List<List<List<String>>> tables = SpecDocument.load().section("9").tables("Code", "Status", "Cause");
        assertEquals(2, tables.size(), "§9 should have a table for serving a function and one for the admin API");
        Map<String, Integer> specErrors = new TreeMap<>();
        for (List<List<String>> table : tables) {
            for (List<String> row : table) {
                String code = SpecDocument.codeSpan(row.get(0));
                Integer status = Integer.valueOf(row.get(1));
                Integer previous = specErrors.put(code, status);
                // A code may appear in both tables (not_found), but always with the same status.
                assertTrue(previous == null || previous.equals(status), () -> "§9 gives " + code + " two statuses");
            }
        }
        Map<String, Integer> javaErrors =
                new TreeMap<>(Arrays.stream(HttpError.values()).collect(Collectors.toMap(HttpError::code, HttpError::status)));
        assertEquals(specErrors, javaErrors);
    }

    @Test
    void codes_areUnique() {
        List<String> codes = Arrays.stream(HttpError.values()).map(HttpError::code).toList();
        assertEquals(codes.size(), Set.copyOf(codes).size(), () -> "duplicate codes in " + codes);
    }

    @ParameterizedTest
    @EnumSource(HttpError.class)
    void status_isAnErrorStatus(HttpError error) {
        assertTrue(error.status() >= 400 && error.status() <= 599, () -> error + " = " + error.status());
    }
}

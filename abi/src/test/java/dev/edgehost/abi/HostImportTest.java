package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HostImport} against SPEC.md: §4-§6 and §11-§13, which specify the functions, and Appendix A. */
class HostImportTest {
    /** The sections that specify the host functions, one {@code ###} subsection per function. */
    private static final List<String> FUNCTION_SECTIONS = List.of("4", "5", "6", "11", "12", "13");

    /** A heading title that is an import name rather than prose, e.g. {@code req_header}. */
    private static final Pattern IMPORT_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** One function import, as each function section declares its function. */
    private static final Pattern IMPORT =
            Pattern.compile(
                    "\\(import\\s+\"([^\"]*)\"\\s+\"([^\"]*)\"\\s*"
                            + "\\(func(?:\\s+\\$[\\w]+)?((?:\\s*\\((?:param|result)[^()]*\\))*)\\s*\\)\\s*\\)");

    private static SpecDocument spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        spec = SpecDocument.load();
    }

    static Stream<HostImport> specifiedImports() {
        return Arrays.stream(HostImport.values());
    }

    @Test
    void importNames_areUnique() {
        List<String> names = Arrays.stream(HostImport.values()).map(HostImport::importName).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), () -> "duplicate import names in " + names);
    }

    @ParameterizedTest
    @EnumSource(HostImport.class)
    void byName_findsEveryImport(HostImport hostImport) {
        assertSame(hostImport, HostImport.byName(hostImport.importName()));
    }

    @Test
    void byName_unknownName_returnsNull() {
        assertAll(
                () -> assertNull(HostImport.byName("no_such_function")),
                () -> assertNull(HostImport.byName("REQ_URL")),
                () -> assertNull(HostImport.byName("")));
    }

    @ParameterizedTest
    @MethodSource("specifiedImports")
    void specifiedImport_hasSpecHeading(HostImport hostImport) {
        String title = hostImport.specSection() + " " + hostImport.importName();
        assertEquals(3, spec.section(title).level(), () -> "SPEC.md should have a heading ### " + title);
    }

    @Test
    void functionHeadings_nameImportsOfTheirSection() {
        Set<HostImport> headed = new TreeSet<>();
        for (String number : FUNCTION_SECTIONS) {
            for (SpecDocument.Section section : spec.subsections(number)) {
                boolean declaresImport = !section.codeBlocks("wat").isEmpty();
                if (!declaresImport && !IMPORT_NAME.matcher(section.name()).matches()) {
                    continue;
                }
                HostImport hostImport = HostImport.byName(section.name());
                assertNotNull(hostImport, () -> "§" + section.title() + " names no HostImport");
                assertEquals(section.number(), hostImport.specSection(), () -> hostImport + " is specified in another section");
                headed.add(hostImport);
            }
        }
        assertEquals(specifiedImports().collect(Collectors.toCollection(TreeSet::new)), headed);
    }

    @ParameterizedTest
    @MethodSource("specifiedImports")
    void specSectionSignature_matchesJava(HostImport hostImport) {
        List<String> blocks = spec.section(hostImport.specSection()).codeBlocks("wat");
        assertEquals(1, blocks.size(), () -> "§" + hostImport.specSection() + " should declare its import in one wat block");
        Matcher declaration = IMPORT.matcher(blocks.get(0).strip());
        if (!declaration.matches()) {
            fail("§" + hostImport.specSection() + " should declare one function import, has: " + blocks.get(0));
        }
        assertAll(
                () -> assertEquals(Abi.IMPORT_MODULE, declaration.group(1)),
                () -> assertEquals(hostImport.importName(), declaration.group(2)),
                () -> assertEquals(WatSignature.of(hostImport), WatSignature.parse(declaration.group(3))));
    }

    @Test
    void appendixA_matchesJava() {
        Map<String, List<String>> rows = new HashMap<>();
        for (List<String> row : spec.section("Appendix A.").table("§", "Name", "Signature", "Errors")) {
            List<String> previous = rows.put(SpecDocument.codeSpan(row.get(1)), row);
            assertNull(previous, () -> "Appendix A lists " + row.get(1) + " twice");
        }
        assertEquals(
                specifiedImports().map(HostImport::importName).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(rows.keySet()),
                "Appendix A should list exactly the specified imports");
        assertAll(
                specifiedImports()
                        .map(hostImport -> () -> {
                            List<String> row = rows.get(hostImport.importName());
                            assertEquals(hostImport.specSection(), row.get(0), () -> hostImport + " section");
                            assertEquals(
                                    WatSignature.of(hostImport),
                                    WatSignature.parse(SpecDocument.codeSpan(row.get(2))),
                                    () -> hostImport + " signature");
                        }));
    }

    @ParameterizedTest
    @EnumSource(HostImport.class)
    void watSignature_writesParamsAndResults(HostImport hostImport) {
        assertEquals(WatSignature.of(hostImport), WatSignature.parse(hostImport.watSignature()));
    }

    @Test
    void watSignature_omitsEmptyGroups() {
        assertAll(
                () -> assertEquals("(param i32 i32 i32)", HostImport.LOG.watSignature()),
                () -> assertEquals("(result i64)", HostImport.TIME_NOW_MS.watSignature()),
                () -> assertEquals("(param i32 i32 i32 i32) (result i32)", HostImport.REQ_HEADER.watSignature()));
    }
}

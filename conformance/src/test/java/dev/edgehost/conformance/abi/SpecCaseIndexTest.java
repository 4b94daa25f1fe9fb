package dev.edgehost.conformance.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ABI spec's appendix of conformance cases by section, between its markers, is exactly what
 * the cases' manifests say they check. Run with {@code -Dedge.approve=true} to rewrite it after
 * adding or changing cases.
 */
class SpecCaseIndexTest {
    private static final Path SPEC = Path.of("..", "abi", "SPEC.md");
    private static final String BEGIN = "<!-- conformance cases: generated from conformance/cases, do not edit -->\n";
    private static final String END = "<!-- end of conformance cases -->\n";
    private static final Pattern SECTION_HEADING = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?) ", Pattern.MULTILINE);

    @Test
    void specAppendix_listsTheCasesOfEverySection() throws IOException {
        String spec = Files.readString(SPEC, StandardCharsets.UTF_8);
        int begin = spec.indexOf(BEGIN);
        int end = spec.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "SPEC.md lacks the conformance case markers");
        String expected = index();
        String actual = spec.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("edge.approve")) {
            Files.writeString(SPEC, spec.substring(0, begin + BEGIN.length()) + expected + spec.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, actual, "the case index in SPEC.md is out of date; rerun with -Dedge.approve=true");
    }

    @Test
    void everyCase_namesSectionsThatExist() throws IOException {
        String spec = Files.readString(SPEC, StandardCharsets.UTF_8);
        List<String> sections = new ArrayList<>();
        Matcher heading = SECTION_HEADING.matcher(spec);
        while (heading.find()) {
            sections.add(heading.group(1));
        }
        for (ConformanceCase testCase : CaseLoader.load(AbiConformanceTest.CASES)) {
            assertTrue(!testCase.specSections().isEmpty(), () -> testCase.name() + " names no spec section");
            for (String section : testCase.specSections()) {
                assertTrue(sections.contains(section), () -> testCase.name() + " names section " + section + ", which SPEC.md lacks");
            }
        }
    }

    private static String index() {
        Map<String, List<String>> bySection = new TreeMap<>(Comparator.comparing(SpecCaseIndexTest::sortKey));
        for (ConformanceCase testCase : CaseLoader.load(AbiConformanceTest.CASES)) {
            for (String section : testCase.specSections()) {
                bySection.computeIfAbsent(section, key -> new ArrayList<>()).add(testCase.name());
            }
        }
        StringBuilder table = new StringBuilder("| § | Cases |\n|---|---|\n");
        bySection.forEach((section, cases) -> {
            table.append("| ").append(section).append(" |");
            String separator = " ";
            for (String name : cases) {
                table.append(separator).append("[`").append(name).append("`](../conformance/cases/").append(name).append(")");
                separator = ", ";
            }
            table.append(" |\n");
        });
        return table.toString();
    }

    private static String sortKey(String section) {
        String[] parts = section.split("\\.");
        return String.format("%03d.%03d", Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }
}

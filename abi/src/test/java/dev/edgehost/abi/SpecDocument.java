package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPEC.md read as Markdown: its sections, and the tables and code blocks in them. Lookups fail the
 * test when the document does not have the expected shape, so that a reworded spec breaks the test
 * instead of silently matching nothing.
 */
final class SpecDocument {
    /** Maven runs the tests of a module with the module directory as working directory. */
    private static final Path PATH = Path.of("SPEC.md");

    private static final Pattern HEADING = Pattern.compile("(#{2,3}) (.+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("\\|(\\s*:?-+:?\\s*\\|)+");
    private static final String FENCE = "```";

    private final List<Section> sections;

    private SpecDocument(List<Section> sections) {
        this.sections = sections;
    }

    static SpecDocument load() throws IOException {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        boolean inFence = false;
        for (String line : Files.readAllLines(PATH, StandardCharsets.UTF_8)) {
            if (line.startsWith(FENCE)) {
                inFence = !inFence;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inFence && heading.matches()) {
                current = new Section(heading.group(1).length(), heading.group(2).strip(), new ArrayList<>());
                sections.add(current);
            } else if (current != null) {
                current.lines().add(line);
            }
        }
        return new SpecDocument(sections);
    }

    /**
     * The one section whose title is {@code key} or starts with {@code key} and a space, e.g. {@code
     * "9"}, {@code "3.3"} or {@code "Appendix A."}.
     */
    Section section(String key) {
        List<Section> matches =
                sections.stream()
                        .filter(section -> section.title().equals(key) || section.title().startsWith(key + " "))
                        .toList();
        if (matches.size() != 1) {
            fail("SPEC.md should have exactly one section " + key + ", has " + matches.size());
        }
        return matches.get(0);
    }

    /** The {@code ###} subsections of a numbered {@code ##} section, in document order. */
    List<Section> subsections(String number) {
        return sections.stream()
                .filter(section -> section.level() == 3 && section.number().startsWith(number + "."))
                .toList();
    }

    /** The content of every code span in a table cell or line, without the backticks. */
    static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher span = CODE_SPAN.matcher(text);
        while (span.find()) {
            spans.add(span.group(1));
        }
        return spans;
    }

    /** The content of a table cell that is exactly one code span, such as {@code `req_url`}. */
    static String codeSpan(String cell) {
        List<String> spans = codeSpans(cell);
        if (spans.size() != 1 || !cell.equals("`" + spans.get(0) + "`")) {
            fail("expected a single code span, got: " + cell);
        }
        return spans.get(0);
    }

    /**
     * One heading and the lines up to the next heading of any level: the body of a {@code ##}
     * section does not include its {@code ###} subsections.
     */
    record Section(int level, String title, List<String> lines) {

        /** The section number, e.g. {@code 4.3}, or empty for an unnumbered heading. */
        String number() {
            String first = title.split(" ", 2)[0];
            return NUMBER.matcher(first).matches() ? first : "";
        }

        /** The title without its number, e.g. {@code req_header}. */
        String name() {
            return number().isEmpty() ? title : title.substring(number().length()).strip();
        }

        /** The contents of the fenced code blocks of the given language. */
        List<String> codeBlocks(String language) {
            List<String> blocks = new ArrayList<>();
            StringBuilder block = null;
            for (String line : lines) {
                if (block == null && line.equals(FENCE + language)) {
                    block = new StringBuilder();
                } else if (block != null && line.equals(FENCE)) {
                    blocks.add(block.toString());
                    block = null;
                } else if (block != null) {
                    block.append(line).append('\n');
                }
            }
            return blocks;
        }

        /** The body rows of the one table with exactly this header. */
        List<List<String>> table(String... header) {
            List<List<List<String>>> tables = tables(header);
            if (tables.size() != 1) {
                fail("§" + title + " should have one table " + Arrays.toString(header) + ", has " + tables.size());
            }
            return tables.get(0);
        }

        /** The body rows of every table with exactly this header, in document order. */
        List<List<List<String>>> tables(String... header) {
            List<List<List<String>>> tables = new ArrayList<>();
            List<List<String>> rows = null;
            boolean inFence = false;
            for (String line : lines) {
                if (line.startsWith(FENCE)) {
                    inFence = !inFence;
                }
                boolean tableLine = !inFence && line.startsWith("|");
                if (!tableLine) {
                    rows = null;
                } else if (rows == null) {
                    rows = new ArrayList<>();
                    if (cells(line).equals(List.of(header))) {
                        tables.add(rows);
                    }
                } else if (!TABLE_SEPARATOR.matcher(line.strip()).matches()) {
                    rows.add(cells(line));
                }
            }
            return tables;
        }

        private static List<String> cells(String line) {
            String inner = line.strip();
            inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
            return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
        }
    }
}

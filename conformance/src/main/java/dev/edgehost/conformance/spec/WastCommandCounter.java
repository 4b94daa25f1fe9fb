package dev.edgehost.conformance.spec;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the top-level commands of a {@code .wast} text by their keyword ({@code module},
 * {@code assert_return}, ...) without converting it, so that excluded files are counted too.
 * It skips comments and strings, and nothing else of the text format matters at the top level.
 */
final class WastCommandCounter {
    private WastCommandCounter() {}

    static Map<String, Integer> count(String wast) {
        Map<String, Integer> counts = new HashMap<>();
        int depth = 0;
        int i = 0;
        while (i < wast.length()) {
            char c = wast.charAt(i);
            if (c == ';' && wast.startsWith(";;", i)) {
                int end = wast.indexOf('\n', i);
                i = end < 0 ? wast.length() : end + 1;
            } else if (c == '(' && wast.startsWith("(;", i)) {
                i = skipBlockComment(wast, i);
            } else if (c == '"') {
                i = skipString(wast, i);
            } else if (c == '(') {
                if (depth == 0) {
                    counts.merge(keyword(wast, i + 1), 1, Integer::sum);
                }
                depth++;
                i++;
            } else {
                if (c == ')') {
                    depth--;
                }
                i++;
            }
        }
        return counts;
    }

    private static int skipBlockComment(String wast, int start) {
        int nesting = 0;
        int i = start;
        while (i < wast.length()) {
            if (wast.startsWith("(;", i)) {
                nesting++;
                i += 2;
            } else if (wast.startsWith(";)", i)) {
                nesting--;
                i += 2;
                if (nesting == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int skipString(String wast, int start) {
        int i = start + 1;
        while (i < wast.length() && wast.charAt(i) != '"') {
            i += wast.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static String keyword(String wast, int start) {
        int end = start;
        while (end < wast.length() && !delimits(wast.charAt(end))) {
            end++;
        }
        return wast.substring(start, end);
    }

    private static boolean delimits(char c) {
        return Character.isWhitespace(c) || c == '(' || c == ')';
    }
}

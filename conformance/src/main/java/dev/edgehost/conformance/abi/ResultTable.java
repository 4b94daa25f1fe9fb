package dev.edgehost.conformance.abi;

import java.io.PrintWriter;
import java.util.List;

/** Prints results as a table, one case a line, and the final {@code N passed, N failed} line. */
public final class ResultTable {

    private ResultTable() {}

    public static void print(List<CaseResult> results, PrintWriter out) {
        int width = results.stream().mapToInt(result -> result.name().length()).max().orElse(4);
        for (CaseResult result : results) {
            String line = String.format("%-4s  %-" + width + "s  %s", result.passed() ? "pass" : "FAIL", result.name(), result.detail());
            out.println(line.stripTrailing());
        }
        long passed = results.stream().filter(CaseResult::passed).count();
        out.printf("%d passed, %d failed%n", passed, results.size() - passed);
        out.flush();
    }
}

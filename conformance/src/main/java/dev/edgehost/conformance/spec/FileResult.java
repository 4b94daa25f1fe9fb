package dev.edgehost.conformance.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The result of one {@code .wast} file: counts per configuration and what went wrong. */
public record FileResult(
        String wast,
        Map<SpecConfiguration, Counts> counts,
        List<Mismatch> mismatches,
        Optional<String> excludedBecause,
        long millis) {

    public FileResult {
        counts = Map.copyOf(counts);
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }

    /** The mismatches, one a paragraph, at most {@code limit} of them. */
    public String describeMismatches(int limit) {
        String shown = mismatches.stream().limit(limit).map(Mismatch::toString).collect(Collectors.joining("\n"));
        int more = mismatches.size() - limit;
        String rest = more > 0 ? "\n... and " + more + " more" : "";
        return wast + ": " + mismatches.size() + " mismatches\n" + shown + rest;
    }
}

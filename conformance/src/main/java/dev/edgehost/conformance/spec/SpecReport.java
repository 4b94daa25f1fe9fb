package dev.edgehost.conformance.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts and mismatches of a whole testsuite run, gathered file by file. Thread-safe. */
public final class SpecReport {
    private final Map<SpecConfiguration, Counts> counts = new LinkedHashMap<>();
    private final List<Mismatch> mismatches = new ArrayList<>();
    private final List<String> excludedFiles = new ArrayList<>();
    private int files;
    private long millis;

    public SpecReport() {
        for (SpecConfiguration configuration : SpecConfiguration.ALL) {
            counts.put(configuration, Counts.NONE);
        }
    }

    public synchronized void add(FileResult result) {
        files++;
        millis += result.millis();
        result.counts().forEach((configuration, fileCounts) -> counts.merge(configuration, fileCounts, Counts::plus));
        mismatches.addAll(result.mismatches());
        result.excludedBecause().ifPresent(reason -> excludedFiles.add(result.wast()));
    }

    /** How many files were added, excluded ones included. */
    public synchronized int files() {
        return files;
    }

    public synchronized Counts total() {
        return counts.values().stream().reduce(Counts.NONE, Counts::plus);
    }

    public synchronized List<Mismatch> mismatches() {
        return List.copyOf(mismatches);
    }

    /** The counts per configuration and in total, as a small table. */
    public synchronized String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("WebAssembly spec testsuite: %d files (%d excluded whole) in %.1f s%n",
                files, excludedFiles.size(), millis / 1000.0));
        text.append(String.format("Commands (modules, registers, actions, assertions) per configuration:%n"));
        counts.forEach((configuration, c) -> text.append(String.format("  %-18s %s%n", configuration, c)));
        text.append(String.format("  %-18s %s%n", "total", total()));
        return text.toString();
    }
}

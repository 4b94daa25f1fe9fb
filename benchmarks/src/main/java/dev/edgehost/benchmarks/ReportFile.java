package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A results file: what was measured, when, on which machine and under what load, and the numbers.
 * Reports write to {@code benchmarks/target/results/} (run from the repository's root); the
 * committed results in {@code benchmarks/results/} change only with the approve switch
 * {@code -Dedge.approve=true}, as the golden files do.
 */
final class ReportFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path RESULTS = Path.of("benchmarks", "results");
    private static final Path UNAPPROVED = Path.of("benchmarks", "target", "results");

    private ReportFile() {}

    static ObjectNode create(String benchmark) {
        ObjectNode report = JSON.createObjectNode();
        report.put("benchmark", benchmark);
        report.put("date", Instant.now().toString());
        report.put("machine", Machine.describe());
        report.put("loadAverage", loadAverage());
        return report;
    }

    /** Where a report writes unless told: the committed results with the approve switch, else under target. */
    static Path resultsDir() {
        return Boolean.getBoolean("edge.approve") ? RESULTS : UNAPPROVED;
    }

    static ObjectMapper json() {
        return JSON;
    }

    /** The machine's load average over the last minute, as the other engineers' work shows in it. */
    static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    static void write(Path file, ObjectNode report) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), report);
        System.out.println("written to " + file);
    }
}

package dev.edgehost.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A results file: what was measured, when, on which machine, and the numbers. */
final class ReportFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFile() {}

    static ObjectNode create(String benchmark) {
        ObjectNode report = JSON.createObjectNode();
        report.put("benchmark", benchmark);
        report.put("date", Instant.now().toString());
        report.put("machine", Machine.describe());
        return report;
    }

    static void write(Path file, ObjectNode report) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), report);
        System.out.println("written to " + file);
    }
}

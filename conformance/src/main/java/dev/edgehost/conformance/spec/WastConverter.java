package dev.edgehost.conformance.spec;

import com.dylibso.chicory.wabt.Wast2Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Converts a {@code .wast} file to a JSON script and its {@code .wasm}/{@code .wat} modules with
 * wabt's wast2json (Chicory's pure-Java build), into {@code <workDir>/<name>/}. A conversion is
 * kept, and reused, until the {@code .wast} file changes.
 */
final class WastConverter {
    private static final String DONE = "converted";

    private final Path workDir;

    WastConverter(Path workDir) {
        this.workDir = workDir;
    }

    /** The JSON script of a {@code .wast} file, converting it first unless that was done already. */
    Path convert(Path wast) throws IOException {
        String name = SpecRunner.baseName(wast);
        Path dir = workDir.resolve(name);
        Path json = dir.resolve(name + ".json");
        Path done = dir.resolve(DONE);
        FileTime source = Files.getLastModifiedTime(wast);
        if (Files.exists(done) && Files.exists(json) && Files.getLastModifiedTime(done).compareTo(source) >= 0) {
            return json;
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        try {
            Wast2Json.builder().withFile(wast.toFile()).withOutput(json.toFile()).build().process();
        } catch (RuntimeException e) {
            throw new IOException("wast2json cannot convert " + wast.getFileName() + ": " + e.getMessage(), e);
        }
        if (!Files.exists(json)) {
            throw new IOException("wast2json wrote no script for " + wast.getFileName());
        }
        Files.writeString(done, wast.getFileName().toString());
        return json;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}

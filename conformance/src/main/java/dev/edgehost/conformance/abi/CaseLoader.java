package dev.edgehost.conformance.abi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds the cases: every folder with a {@code manifest.json}, in name order. */
public final class CaseLoader {
    private static final String BUNDLED = "/conformance-cases";

    private CaseLoader() {}

    /** The cases in a folder of case folders. */
    public static List<ConformanceCase> load(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("manifest.json")))
                    .sorted()
                    .map(ConformanceCase::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the cases in " + root, e);
        }
    }

    /** The cases bundled with this module, read from the jar or the classes folder. */
    public static List<ConformanceCase> bundled() {
        URL url = CaseLoader.class.getResource(BUNDLED);
        if (url == null) {
            throw new IllegalStateException("the conformance cases are not bundled at " + BUNDLED);
        }
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) {
                return load(Path.of(uri));
            }
            FileSystem jar;
            try {
                jar = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(uri);
            }
            return load(jar.getPath(BUNDLED));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the bundled cases at " + url, e);
        }
    }
}

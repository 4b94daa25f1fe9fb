package dev.edgehost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files the command carries below a resource folder, such as the templates of
 * {@code new}: listed from the jar it runs from, or from the classes directory of a build.
 */
final class BundledFiles {
    private BundledFiles() {}

    /** The paths of every file below {@code folder} (no leading or trailing slash), relative to it, sorted. */
    static List<String> list(String folder) {
        Path location;
        try {
            location = Path.of(BundledFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the command's own location is no path", e);
        }
        List<String> files = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                Path root = location.resolve(folder);
                if (Files.isDirectory(root)) {
                    try (Stream<Path> walk = Files.walk(root)) {
                        walk.filter(Files::isRegularFile).forEach(file -> files.add(root.relativize(file).toString().replace('\\', '/')));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && entry.getName().startsWith(folder + "/")) {
                            files.add(entry.getName().substring(folder.length() + 1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundled " + folder, e);
        }
        files.sort(null);
        return files;
    }

    /** One bundled file's bytes. */
    static byte[] read(String path) {
        try (InputStream in = BundledFiles.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("the command lacks its bundled file " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

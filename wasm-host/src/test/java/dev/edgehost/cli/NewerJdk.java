package dev.edgehost.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK of Java 21 or later to start the packaged host with, for tests of what only those have
 * (virtual threads), while the build itself runs on Java 17. Looked for, in order: the system
 * property {@value #PROPERTY} or the environment variable {@value #ENV} (a JDK's home), the JDK
 * running the test, {@code JAVA_HOME}, and the JDKs installed beside the running one.
 */
final class NewerJdk {
    static final String PROPERTY = "edge.test.java21";
    static final String ENV = "EDGE_TEST_JAVA21";
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private NewerJdk() {}

    /** The {@code java} launcher of a JDK of at least {@code feature}, if one is found. */
    static Optional<Path> find(int feature) {
        List<Path> candidates = new ArrayList<>();
        String named = System.getProperty(PROPERTY, System.getenv(ENV));
        if (named != null && !named.isBlank()) {
            candidates.add(Path.of(named));
        }
        Path running = Path.of(System.getProperty("java.home"));
        candidates.add(running);
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome));
        }
        if (running.getParent() != null) {
            try (Stream<Path> siblings = Files.list(running.getParent())) {
                siblings.sorted().forEach(candidates::add);
            } catch (IOException e) {
                // No siblings to look at.
            }
        }
        for (Path home : candidates) {
            Path java = home.resolve("bin").resolve("java");
            if (Files.isExecutable(java) && feature(home) >= feature) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
    }

    /** The feature release in the JDK's {@code release} file; 0 when it has none. */
    private static int feature(Path home) {
        try {
            Matcher matcher = VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

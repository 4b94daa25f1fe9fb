package dev.edgehost.conformance.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The spec tests the runner does not run, each with its reason: whole {@code .wast} files, or single
 * commands named by file and line. All of them are listed in the resource {@value #RESOURCE}, one a
 * line as {@code name  reason}; {@code #} starts a comment line.
 */
public final class SpecExclusions {
    static final String RESOURCE = "/spec-exclusions.txt";
    private static final Pattern ENTRY = Pattern.compile("(\\S+?\\.wast)(?::(\\d+))?\\s+(\\S.*)");

    private final Map<String, Exclusion> byName;

    private SpecExclusions(Map<String, Exclusion> byName) {
        this.byName = byName;
    }

    /** One excluded file ({@code line} is {@link #WHOLE_FILE}) or command, and why. */
    public record Exclusion(String wast, int line, String reason) {
        public static final int WHOLE_FILE = -1;

        public String name() {
            return line == WHOLE_FILE ? wast : wast + ":" + line;
        }
    }

    /** The exclusions listed in the resource {@value #RESOURCE}. */
    public static SpecExclusions load() {
        try (InputStream in = SpecExclusions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(reader.lines().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpecExclusions parse(List<String> lines) {
        Map<String, Exclusion> byName = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + " of the exclusions is not \"file.wast[:line]  reason\": " + line);
            }
            int commandLine = entry.group(2) == null ? Exclusion.WHOLE_FILE : Integer.parseInt(entry.group(2));
            Exclusion exclusion = new Exclusion(entry.group(1), commandLine, entry.group(3));
            if (byName.put(exclusion.name(), exclusion) != null) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + " of the exclusions repeats " + exclusion.name());
            }
        }
        return new SpecExclusions(byName);
    }

    /** Why a whole file is excluded, if it is. */
    public Optional<String> file(String wast) {
        return Optional.ofNullable(byName.get(wast)).map(Exclusion::reason);
    }

    /** Why one command is excluded, if it is. */
    public Optional<String> command(String wast, int line) {
        return Optional.ofNullable(byName.get(wast + ":" + line)).map(Exclusion::reason);
    }

    /** The excluded commands of one file. */
    List<Exclusion> commandsOf(String wast) {
        List<Exclusion> commands = new ArrayList<>();
        for (Exclusion exclusion : byName.values()) {
            if (exclusion.wast().equals(wast) && exclusion.line() != Exclusion.WHOLE_FILE) {
                commands.add(exclusion);
            }
        }
        return commands;
    }

    public List<Exclusion> all() {
        return List.copyOf(byName.values());
    }
}

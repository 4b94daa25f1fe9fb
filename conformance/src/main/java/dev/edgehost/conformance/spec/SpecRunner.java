package dev.edgehost.conformance.spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the WebAssembly core spec testsuite: every {@code .wast} file of a folder, in each of the
 * four {@link SpecConfiguration}s. A command passes in a configuration when it does what the spec
 * expects and, in a metered configuration, also what it did in the original one: the same results
 * or the same class of failure. Module rejection commands run on the original modules only.
 */
public final class SpecRunner {
    private static final Set<CommandType> REJECTIONS =
            EnumSet.of(CommandType.ASSERT_INVALID, CommandType.ASSERT_MALFORMED);

    private final Path suiteDir;
    private final WastConverter converter;
    private final SpecExclusions exclusions;
    private final PrintStream printed;

    /**
     * @param suiteDir the folder of {@code .wast} files
     * @param workDir where the converted scripts and modules go
     * @param printed where the spectest print functions print
     */
    public SpecRunner(Path suiteDir, Path workDir, SpecExclusions exclusions, PrintStream printed) {
        this.suiteDir = suiteDir;
        this.converter = new WastConverter(workDir);
        this.exclusions = exclusions;
        this.printed = printed;
    }

    /** The {@code .wast} files of the suite, by name. */
    public List<Path> wastFiles() throws IOException {
        try (Stream<Path> files = Files.list(suiteDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".wast"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .collect(Collectors.toList());
        }
    }

    /** Runs one file in every configuration. */
    public FileResult run(Path wast) {
        long start = System.nanoTime();
        String name = wast.getFileName().toString();
        Optional<String> excluded = exclusions.file(name);
        if (excluded.isPresent()) {
            return new FileResult(name, excludedCounts(wast), List.of(), excluded, elapsedMillis(start));
        }
        SpecScript script;
        try {
            script = ScriptReader.read(name, converter.convert(wast));
        } catch (IOException | RuntimeException e) {
            Mismatch failed = new Mismatch(name, 0, "all", "wast2json", "a converted script", e.toString());
            return new FileResult(name, Map.of(), List.of(failed), Optional.empty(), elapsedMillis(start));
        }
        return check(script, start);
    }

    private FileResult check(SpecScript script, long start) {
        List<SpecCommand> commands = script.commands();
        boolean[] skipped = new boolean[commands.size()];
        for (int i = 0; i < commands.size(); i++) {
            skipped[i] = exclusions.command(script.wastName(), commands.get(i).line()).isPresent();
        }
        Outcome[] rejections = rejections(script, skipped);
        Map<SpecConfiguration, Outcome[]> outcomes = new LinkedHashMap<>();
        for (SpecConfiguration configuration : SpecConfiguration.ALL) {
            outcomes.put(configuration, runScript(script, configuration, skipped, rejections));
        }

        List<Mismatch> mismatches = new ArrayList<>(staleExclusions(script));
        Map<SpecConfiguration, Counts> counts = new LinkedHashMap<>();
        for (SpecConfiguration configuration : SpecConfiguration.ALL) {
            Outcome[] own = outcomes.get(configuration);
            Outcome[] original = outcomes.get(configuration.original());
            int run = 0;
            int passed = 0;
            int excludedCommands = 0;
            for (int i = 0; i < commands.size(); i++) {
                SpecCommand command = commands.get(i);
                if (skipped[i]) {
                    excludedCommands += configuration.runs(command.type()) ? 1 : 0;
                } else if (own[i] != null) {
                    run++;
                    Optional<Mismatch> mismatch =
                            Verdict.judge(script.wastName(), command, configuration, own[i], original[i]);
                    mismatch.ifPresent(mismatches::add);
                    passed += mismatch.isEmpty() ? 1 : 0;
                }
            }
            counts.put(configuration, new Counts(run, passed, excludedCommands));
        }
        return new FileResult(script.wastName(), counts, mismatches, Optional.empty(), elapsedMillis(start));
    }

    /** The rejection commands' outcomes, the same for every configuration: they parse the original module. */
    private Outcome[] rejections(SpecScript script, boolean[] skipped) {
        RejectionCheck rejection = new RejectionCheck(SpectestHost.create(printed));
        List<SpecCommand> commands = script.commands();
        Outcome[] outcomes = new Outcome[commands.size()];
        for (int i = 0; i < commands.size(); i++) {
            SpecCommand command = commands.get(i);
            if (!skipped[i] && command.type().checksRejection()) {
                try {
                    outcomes[i] = rejection.check(script.moduleFile(command), command.textModule());
                } catch (UncheckedIOException e) {
                    outcomes[i] = new Outcome.Failed(FailureKind.CRASH, e.toString());
                }
            }
        }
        return outcomes;
    }

    /** Each command's outcome in one configuration; null where the command did not run. */
    private Outcome[] runScript(
            SpecScript script, SpecConfiguration configuration, boolean[] skipped, Outcome[] rejections) {
        ScriptSession session = new ScriptSession(script, configuration, printed);
        List<SpecCommand> commands = script.commands();
        Outcome[] outcomes = new Outcome[commands.size()];
        for (int i = 0; i < commands.size(); i++) {
            SpecCommand command = commands.get(i);
            if (skipped[i] || !configuration.runs(command.type())) {
                continue;
            }
            if (command.type().checksRejection()) {
                outcomes[i] = rejections[i];
            } else {
                outcomes[i] = session.execute(command);
            }
        }
        return outcomes;
    }

    /** Excluded commands that name no command of the script: a stale or mistyped exclusion. */
    private List<Mismatch> staleExclusions(SpecScript script) {
        Set<Integer> lines = script.commands().stream().map(SpecCommand::line).collect(Collectors.toSet());
        return exclusions.commandsOf(script.wastName()).stream()
                .filter(exclusion -> !lines.contains(exclusion.line()))
                .map(exclusion -> new Mismatch(
                        script.wastName(),
                        exclusion.line(),
                        "all",
                        "exclusion " + exclusion.name(),
                        "a command on that line",
                        "no command starts there"))
                .collect(Collectors.toList());
    }

    /** The commands of a wholly excluded file, counted from its text without converting it. */
    private static Map<SpecConfiguration, Counts> excludedCounts(Path wast) {
        Map<String, Integer> forms;
        try {
            forms = WastCommandCounter.count(Files.readString(wast, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int all = forms.values().stream().mapToInt(Integer::intValue).sum();
        int rejections = REJECTIONS.stream().mapToInt(type -> forms.getOrDefault(type.jsonName(), 0)).sum();
        Map<SpecConfiguration, Counts> counts = new LinkedHashMap<>();
        for (SpecConfiguration configuration : SpecConfiguration.ALL) {
            counts.put(configuration, new Counts(0, 0, configuration.metered() ? all - rejections : all));
        }
        return counts;
    }

    static String baseName(Path wast) {
        String name = wast.getFileName().toString();
        return name.endsWith(".wast") ? name.substring(0, name.length() - ".wast".length()) : name;
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

package dev.edgehost.conformance.cli;

import dev.edgehost.conformance.abi.CaseLoader;
import dev.edgehost.conformance.abi.CaseResult;
import dev.edgehost.conformance.abi.CaseRunner;
import dev.edgehost.conformance.abi.ConformanceCase;
import dev.edgehost.conformance.abi.HostUnderTest;
import dev.edgehost.conformance.abi.ResultTable;
import dev.edgehost.conformance.spec.FileResult;
import dev.edgehost.conformance.spec.SpecExclusions;
import dev.edgehost.conformance.spec.SpecReport;
import dev.edgehost.conformance.spec.SpecRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The conformance suite from the command line: the ABI v1 cases against a running host, and the
 * WebAssembly spec testsuite on this host's runtime.
 */
@Command(
        name = "conformance",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the ABI v1 conformance cases against a running host (--host and --admin),",
            "and/or the WebAssembly core spec testsuite in a folder of .wast files (--spec).",
            "Exits with 1 when anything failed, 2 on bad usage."
        })
public final class ConformanceCli implements Callable<Integer> {
    @Spec private CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "URL", description = "The host's public base URL, such as http://localhost:8080.")
    private URI host;

    @Option(names = "--admin", paramLabel = "URL", description = "The host's admin API base URL, such as http://localhost:8081.")
    private URI admin;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "Bearer token for the admin API (default: $EDGE_ADMIN_TOKEN).",
            defaultValue = "${env:EDGE_ADMIN_TOKEN}")
    private String adminToken;

    @Option(names = "--case", paramLabel = "FILTER",
            description = "Run only cases whose name contains FILTER, or matches it as a glob (* and ?). Repeatable.")
    private List<String> filters = new ArrayList<>();

    @Option(names = "--cases", paramLabel = "DIR", description = "A folder of case folders instead of the cases in this jar.")
    private Path casesDir;

    @Option(names = "--spec", paramLabel = "DIR", description = "Also run the WebAssembly spec testsuite in DIR (.wast files).")
    private Path specDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceCli()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (host == null && admin == null && specDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --host and --admin, --spec, or both");
        }
        if ((host == null) != (admin == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--host and --admin go together");
        }
        boolean passed = true;
        if (host != null) {
            passed = runCases(out);
        }
        if (specDir != null) {
            passed &= runSpec(out);
        }
        return passed ? 0 : 1;
    }

    private boolean runCases(PrintWriter out) {
        List<ConformanceCase> cases = casesDir == null ? CaseLoader.bundled() : CaseLoader.load(casesDir);
        CaseRunner runner = new CaseRunner(new HostUnderTest(host, admin, adminToken == null || adminToken.isEmpty() ? null : adminToken));
        List<CaseResult> results = new ArrayList<>();
        for (ConformanceCase testCase : cases) {
            if (selected(testCase.name())) {
                results.add(runner.run(testCase));
            }
        }
        if (results.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no case matches " + filters);
        }
        ResultTable.print(results, out);
        return results.stream().allMatch(CaseResult::passed);
    }

    private boolean selected(String name) {
        if (filters.isEmpty()) {
            return true;
        }
        for (String filter : filters) {
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + filter);
            if (name.contains(filter) || glob.matches(Path.of(name))) {
                return true;
            }
        }
        return false;
    }

    private boolean runSpec(PrintWriter out) throws IOException {
        if (!Files.isDirectory(specDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no spec testsuite folder at " + specDir);
        }
        Path work = Files.createTempDirectory("edge-spec-testsuite");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        SpecRunner runner = new SpecRunner(specDir, work, SpecExclusions.load(), quiet);
        SpecReport report = new SpecReport();
        for (Path wast : runner.wastFiles()) {
            FileResult result = runner.run(wast);
            report.add(result);
            out.printf("%-4s  %s%n", result.passed() ? "pass" : "FAIL", wast.getFileName());
        }
        out.println(report.summary());
        out.flush();
        return report.mismatches().isEmpty();
    }
}

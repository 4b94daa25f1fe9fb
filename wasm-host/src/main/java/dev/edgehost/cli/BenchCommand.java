package dev.edgehost.cli;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FunctionSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench FILE}: how fast a function of one's own deploys, gets a fresh instance and answers,
 * in a host in this process; or, with {@code --url}, how a running host answers over HTTP.
 * Prints the numbers (a progress line while it runs, on a terminal) and writes them as JSON with
 * {@code --json}. See docs/benchmarks.md, "Benchmark your own function".
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark a function: deploy FILE (.wasm, .wat, .js, .mjs) in process and print its deploy time, a fresh",
            "instance's time beside plain Chicory's, request latency percentiles, fuel and throughput; or, with --url,",
            "send the requests to a running host over HTTP (docs/benchmarks.md)."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The module (.wasm, or .wat with wat2wasm on the PATH) or a JavaScript function's .js or .mjs script.")
    Path file;

    @Option(names = "--url", paramLabel = "URL", description = "Send the requests to this URL of a running host instead, e.g. http://127.0.0.1:8080/hello.")
    URI url;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "1000", description = "Requests measured (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "1", description = "Requests sent at once, each from its own thread (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1000", description = "Requests, and fresh instances, run first and not measured, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1000", description = "Fresh instances measured on the host's path and with plain Chicory (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = {"-X", "--method"}, paramLabel = "METHOD", defaultValue = "GET", description = "The requests' method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "/", description = "The path after /NAME of the requests in process, e.g. /items/7?x=1 (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "A request header. Repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT", description = "The requests' body, in UTF-8.")
    String data;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the numbers as JSON to this file.")
    Path json;

    @Mixin
    DeployOptions deployOptions;

    @Mixin
    LimitOptions limits;

    /** Whether to show the progress line; on a terminal unless a caller says otherwise. */
    boolean progress = LogFormat.onTerminal();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String refusal = refusal();
        if (refusal != null) {
            err.println("error: " + refusal);
            return 2;
        }
        List<Map.Entry<String, String>> parsedHeaders = new ArrayList<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                err.println("error: a header is NAME: VALUE, not " + header);
                return 2;
            }
            parsedHeaders.add(Map.entry(header.substring(0, colon).strip(), header.substring(colon + 1).strip()));
        }
        InProcessBench.Plan plan =
                new InProcessBench.Plan(
                        method.toUpperCase(Locale.ROOT), path.startsWith("/") ? path : "/" + path, parsedHeaders,
                        data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8), warmup, instances, requests,
                        concurrency);
        ProgressLine line = new ProgressLine(err, progress);
        BenchReport report = url != null ? overHttp(plan, line) : inProcess(plan, line, err);
        if (report == null) {
            return 1;
        }
        report.print(spec.commandLine().getOut());
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }

    private String refusal() {
        if ((file == null) == (url == null)) {
            return "give FILE to benchmark in process, or --url URL of a running host";
        }
        if (requests < 1 || concurrency < 1 || warmup < 0 || instances < 0) {
            return "--requests and --concurrency are at least 1, --warmup and --instances at least 0";
        }
        if (url != null && (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null)) {
            return "--url is an http:// or https:// URL: " + url;
        }
        return null;
    }

    private BenchReport inProcess(InProcessBench.Plan plan, ProgressLine line, PrintWriter err) throws Exception {
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return null;
        }
        FunctionSettings settings;
        BenchInput input;
        try {
            settings = deployOptions.settings(limits);
            input = BenchInput.read(file);
        } catch (IllegalArgumentException | BenchInput.BenchInputException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
        InProcessBench.Result result;
        try {
            result = InProcessBench.run(input, settings, plan, line);
        } catch (EdgeException e) {
            line.clear();
            err.println("error: " + input.name() + " does not deploy: " + e.getMessage());
            return null;
        }
        Map<String, String> about = new LinkedHashMap<>();
        about.put("file", file.toString());
        about.put("kind", input.kind());
        about.put("engine", settings.engine().name().toLowerCase(Locale.ROOT));
        BenchReport report =
                new BenchReport(file.getFileName() + " (" + input.kind() + ", " + FunctionText.size(input.code().length) + ", "
                        + about.get("engine") + ")", about);
        report.json().put("bytes", input.code().length);
        report.deploy(result.deployNanos());
        report.instances("fresh instance, host path", result.hostInstance(), result.plainInstance(), result.plainMissing());
        report.requests(plan.method() + " /" + input.name() + plan.path(), result.load());
        return report;
    }

    private BenchReport overHttp(InProcessBench.Plan plan, ProgressLine line) throws Exception {
        HttpBench.Result result = HttpBench.run(url, plan, line);
        BenchReport report = new BenchReport(url.toString(), Map.of("url", url.toString()));
        report.instances("fresh instance (server-timing)", result.hostInstance(), null, null);
        report.requests(plan.method() + " " + url.getRawPath(), result.load());
        return report;
    }
}

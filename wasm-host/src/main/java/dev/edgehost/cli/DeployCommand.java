package dev.edgehost.cli;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy NAME FILE.wasm}: uploads a module to a running host. */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Deploy or replace a function on a running host.")
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name; served at /NAME.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The .wasm module.")
    Path file;

    @Option(names = "--engine", description = "compiler (default) or interpreter.")
    String engine;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A configuration entry the guest reads with config_get. Repeatable.")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "auto (default: cgi for a module exporting _start and no handle), abi, or cgi (a WASI command served as CGI).")
    String mode;

    @Option(names = "--arg", paramLabel = "ARG", description = "A program argument of a CGI function, after its name. Repeatable, in order.")
    List<String> args = new ArrayList<>();

    @Option(
            names = "--cgi-output",
            paramLabel = "HOW",
            description = "lenient (default: output without a CGI header block is a plain-text body) or strict (it is a 502).")
    String cgiOutput;

    @Mixin
    LimitOptions limits;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("no such file: " + file);
            return 1;
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (engine != null) {
            query.add("engine=" + encode(engine));
        }
        limits.given().forEach((limit, value) -> query.add(encode(limit) + "=" + value));
        config.forEach((key, value) -> query.add(encode("config." + key) + "=" + encode(value)));
        if (mode != null) {
            query.add("mode=" + encode(mode));
        }
        args.forEach(arg -> query.add("arg=" + encode(arg)));
        if (cgiOutput != null) {
            query.add("cgi-output=" + encode(cgiOutput));
        }
        return adminClient.send(
                "PUT",
                "/functions/" + encode(name) + query,
                HttpRequest.BodyPublishers.ofFile(file),
                "application/wasm",
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

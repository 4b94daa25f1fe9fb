package dev.edgehost.cli;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deploy NAME FILE} or {@code deploy -f edge-host.toml}: uploads modules ({@code .wasm}) or
 * JavaScript functions' scripts ({@code .js}, {@code .mjs}, sent as {@code application/javascript})
 * to a running host.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Deploy or replace a function on a running host: NAME and FILE with deploy flags, or every function of a",
            "configuration file's [[functions]] with -f (docs/operations.md)."
        })
final class DeployCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The options that may go with {@code -f}: they say where the host is and how to print, not how to deploy. */
    private static final Set<String> WITH_FILE = Set.of("--file", "--admin", "--admin-token", "--json");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Function name; served at /NAME.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The .wasm module, or a JavaScript function's .js or .mjs script.")
    Path file;

    @Option(names = {"-f", "--file"}, paramLabel = "TOML", description = "Deploy every [[functions]] entry of this configuration file, as serve --config does at start.")
    Path configFile;

    @Mixin
    DeployOptions deployOptions;

    @Mixin
    LimitOptions limits;

    @Option(names = "--json", description = "Print the host's JSON description of the function instead of a summary.")
    boolean json;

    @Option(names = "--keep-traffic", description = "Record the new version without sending it any request (traffic=keep), for a canary: PUT /functions/NAME/traffic then sends some to it.")
    boolean keepTraffic;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (configFile != null) {
            return deployFile(err);
        }
        if (name == null || file == null) {
            err.println("error: give NAME and FILE, or -f FILE.toml");
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return 1;
        }
        String query = deployOptions.query(limits);
        if (keepTraffic) {
            query += (query.isEmpty() ? "?" : "&") + "traffic=keep";
        }
        return upload(name, file, query, err) ? 0 : 1;
    }

    /** Every function of the file, once all of them are checked, so that a bad entry deploys none. */
    private int deployFile(PrintWriter err) throws IOException, InterruptedException {
        if (name != null) {
            err.println("error: -f takes the functions from the file; give no NAME or FILE with it");
            return 2;
        }
        for (ArgSpec given : spec.commandLine().getParseResult().matchedArgs()) {
            if (given instanceof OptionSpec option && !WITH_FILE.contains(option.longestName())) {
                err.println("error: -f takes each function's settings from the file; " + option.longestName()
                        + " cannot go with it (put it in the function's table)");
                return 2;
            }
        }
        List<FunctionEntry> functions;
        try {
            functions = ConfigFile.read(configFile).functions();
        } catch (ConfigFileException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (functions.isEmpty()) {
            err.println("error: " + configFile + " has no [[functions]]");
            return 2;
        }
        for (FunctionEntry function : functions) {
            if (!upload(function.name(), function.module(), function.query(), err)) {
                err.println("error: stopped at " + function.where() + "; the functions before it are deployed");
                return 1;
            }
        }
        return 0;
    }

    /** Uploads one module and prints what the host said; {@code false} when it did not deploy. */
    private boolean upload(String function, Path module, String query, PrintWriter err) throws IOException, InterruptedException {
        String refusal = ModuleFiles.refusal(module);
        if (refusal != null) {
            err.println("error: " + refusal);
            return false;
        }
        HttpResponse<byte[]> response;
        try {
            response =
                    adminClient.call(
                            "PUT",
                            "/functions/" + DeployOptions.encode(function) + query,
                            HttpRequest.BodyPublishers.ofFile(module),
                            contentType(module));
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return false;
        }
        if (response.statusCode() / 100 != 2) {
            err.println(AdminFailure.describe(response));
            return false;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body);
        } else {
            JsonNode deployed = JSON.readTree(body);
            out.println(FunctionText.deployed(deployed, response.statusCode() == 201));
        }
        return true;
    }

    /** The upload's content type, by the file's extension: a script's for {@code .js} and {@code .mjs}, else a module's. */
    static String contentType(Path file) {
        return isScript(file) ? "application/javascript; charset=utf-8" : "application/wasm";
    }

    /** Whether a file is a JavaScript function's script, by its extension. */
    static boolean isScript(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".js") || name.endsWith(".mjs");
    }
}

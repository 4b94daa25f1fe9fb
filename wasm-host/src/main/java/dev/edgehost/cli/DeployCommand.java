package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deploy NAME FILE}: uploads a module ({@code .wasm}) or a JavaScript function's script
 * ({@code .js}, {@code .mjs}, sent as {@code application/javascript}) to a running host.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Deploy or replace a function on a running host.")
final class DeployCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name; served at /NAME.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The .wasm module, or a JavaScript function's .js or .mjs script.")
    Path file;

    @Mixin
    DeployOptions deployOptions;

    @Mixin
    LimitOptions limits;

    @Option(names = "--json", description = "Print the host's JSON description of the function instead of a summary.")
    boolean json;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return 1;
        }
        String refusal = ModuleFiles.refusal(file);
        if (refusal != null) {
            err.println("error: " + refusal);
            return 1;
        }
        HttpResponse<byte[]> response;
        try {
            response =
                    adminClient.call(
                            "PUT",
                            "/functions/" + DeployOptions.encode(name) + deployOptions.query(limits),
                            HttpRequest.BodyPublishers.ofFile(file),
                            contentType(file));
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (response.statusCode() / 100 != 2) {
            err.println(AdminFailure.describe(response));
            return 1;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body);
        } else {
            JsonNode function = JSON.readTree(body);
            out.println(FunctionText.deployed(function, response.statusCode() == 201));
        }
        return 0;
    }

    /** The upload's content type, by the file's extension: a script's for {@code .js} and {@code .mjs}, else a module's. */
    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".js") || name.endsWith(".mjs") ? "application/javascript; charset=utf-8" : "application/wasm";
    }
}

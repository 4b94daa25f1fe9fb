package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code versions NAME}: prints the kept versions of a function, newest first, as a table or as JSON. */
@Command(name = "versions", mixinStandardHelpOptions = true, description = "List the kept versions of a function, newest first.")
final class VersionsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String name;

    @Option(names = "--json", description = "Print the host's JSON ({\"versions\": [...]}) instead of a table.")
    boolean json;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String path = "/functions/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/versions";
        if (json) {
            return adminClient.send("GET", path, HttpRequest.BodyPublishers.noBody(), out, err);
        }
        HttpResponse<byte[]> response;
        try {
            response = adminClient.call("GET", path, HttpRequest.BodyPublishers.noBody());
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println(AdminFailure.describe(response));
            return 1;
        }
        print(JSON.readTree(response.body()).path("versions"), out);
        return 0;
    }

    /** The versions as a table: one row each, the serving ones marked. */
    static void print(JsonNode versions, PrintWriter out) {
        TextTable table = new TextTable("VERSION", "SERVING", "KIND", "SHA-256", "DEPLOYED (UTC)", "BY");
        for (JsonNode version : versions) {
            table.row(
                    version.path("version").asText(),
                    version.path("serving").asBoolean() ? "yes" : "",
                    version.path("kind").asText(),
                    version.path("sha256").asText().substring(0, Math.min(12, version.path("sha256").asText().length())),
                    FunctionText.deployedAt(version),
                    version.path("deployedBy").asText());
        }
        table.print(out);
    }
}

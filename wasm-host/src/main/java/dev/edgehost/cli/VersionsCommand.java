package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
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
        String path = AdminClient.functionPath(name) + "/versions";
        if (json) {
            return adminClient.send("GET", path, HttpRequest.BodyPublishers.noBody(), out, err);
        }
        JsonNode answer = adminClient.json("GET", path, err);
        if (answer == null) {
            return 1;
        }
        print(answer.path("versions"), out);
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

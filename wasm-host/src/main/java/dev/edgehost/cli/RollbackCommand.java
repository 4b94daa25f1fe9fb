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

/**
 * {@code rollback NAME [--version N]}: makes an earlier version of a function serve all requests
 * again (by default the one before the serving one), then prints its versions as a table.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Make an earlier version of a function serve again, on every host sharing its store.")
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String name;

    @Option(names = "--version", paramLabel = "N", description = "The version to serve (default: the newest one before the serving one).")
    Integer version;

    @Option(names = "--json", description = "Print the host's JSON of the function instead of a table.")
    boolean json;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String function = AdminClient.functionPath(name);
        String path = function + "/rollback" + (version == null ? "" : "?version=" + version);
        if (json) {
            return adminClient.send("POST", path, HttpRequest.BodyPublishers.noBody(), out, err);
        }
        JsonNode serving = adminClient.json("POST", path, err);
        if (serving == null) {
            return 1;
        }
        out.println(name + " serves version " + serving.path("version").asText() + " now");
        JsonNode versions = adminClient.json("GET", function + "/versions", err);
        if (versions != null) {
            VersionsCommand.print(versions.path("versions"), out);
        }
        return 0;
    }
}

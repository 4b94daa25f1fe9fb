package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code list}: prints the functions of a running host as a table, or as JSON. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the functions of a running host.")
final class ListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the host's JSON ({\"functions\": [...]}) instead of a table.")
    boolean json;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            return adminClient.send("GET", "/functions", HttpRequest.BodyPublishers.noBody(), out, err);
        }
        HttpResponse<byte[]> response;
        try {
            response = adminClient.call("GET", "/functions", HttpRequest.BodyPublishers.noBody());
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println(AdminFailure.describe(response));
            return 1;
        }
        JsonNode functions = JSON.readTree(response.body()).path("functions");
        if (functions.isEmpty()) {
            out.println("no functions deployed");
            return 0;
        }
        TextTable table = new TextTable("NAME", "KIND", "SIZE", "DEPLOYED (UTC)", "ENGINE", "LIMITS", "FETCH / KV");
        for (JsonNode function : functions) {
            table.row(
                    function.path("name").asText(),
                    FunctionText.kind(function),
                    FunctionText.size(function.path("size").asLong()),
                    FunctionText.deployedAt(function),
                    function.path("engine").asText(),
                    FunctionText.limits(function),
                    FunctionText.reaches(function));
        }
        table.print(out);
        return 0;
    }
}

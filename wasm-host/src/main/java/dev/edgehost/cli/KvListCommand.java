package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
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

/** {@code kv list NAME}: the keys, with each value's size and start, as a table; or the admin API's JSON. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List keys in byte order, with each value's size and start.")
final class KvListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREVIEW_CHARS = 60;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String function;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "", description = "Only keys starting with PREFIX.")
    String prefix;

    @Option(names = "--after", paramLabel = "KEY", defaultValue = "", description = "Only keys after KEY (for the next page).")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N keys, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the admin API's JSON ({\"keys\": [...], \"next\": ...}) instead of a table.")
    boolean json;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String path = "/functions/" + DeployOptions.encode(function) + "/kv?limit=" + limit
                + "&prefix=" + DeployOptions.encode(prefix) + "&after=" + DeployOptions.encode(after);
        try {
            HttpResponse<byte[]> response = adminClient.call("GET", path, HttpRequest.BodyPublishers.noBody());
            if (response.statusCode() != 200) {
                err.println(AdminFailure.describe(response));
                return 1;
            }
            if (json) {
                out.println(new String(response.body(), StandardCharsets.UTF_8));
                return 0;
            }
            JsonNode listing = JSON.readTree(response.body());
            if (listing.path("keys").isEmpty()) {
                out.println("no keys");
                return 0;
            }
            TextTable table = new TextTable("KEY", "SIZE", "VALUE");
            for (JsonNode key : listing.path("keys")) {
                HttpResponse<byte[]> value =
                        adminClient.call("GET", KvCommand.keyPath(function, key.asText()), HttpRequest.BodyPublishers.noBody());
                // A key may expire or be deleted between the listing and the read.
                if (value.statusCode() == 200) {
                    table.row(key.asText(), FunctionText.size(value.body().length), preview(value.body()));
                }
            }
            table.print(out);
            if (listing.hasNonNull("next")) {
                out.println("more keys: kv list " + function + " --after " + listing.path("next").asText());
            }
            return 0;
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The value's start as one line of text: control characters and invalid UTF-8 shown as dots. */
    static String preview(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length() && line.length() < PREVIEW_CHARS; i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) || c == '\uFFFD' ? '.' : c);
        }
        return text.length() > PREVIEW_CHARS ? line + "..." : line.toString();
    }
}

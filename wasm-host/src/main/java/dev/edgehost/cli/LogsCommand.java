package dev.edgehost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logs NAME [--follow]}: a function's recent log, and with {@code --follow} its live log until Ctrl-C. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Show a function's recent requests and log lines; --follow keeps showing new ones until Ctrl-C.")
final class LogsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String function;

    @Option(names = {"-f", "--follow"}, description = "Keep showing new requests and lines as they happen, until Ctrl-C.")
    boolean follow;

    @Option(names = "--backlog", paramLabel = "N", defaultValue = "100", description = "How many recent events to show first, 0 to 100 (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(names = "--json", description = "Print each event as one line of JSON ({\"event\": \"log\"|\"request\"|\"dropped\", ...}).")
    boolean json;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String path = "/functions/" + DeployOptions.encode(function) + "/logs?follow=" + follow + "&backlog=" + backlog;
        HttpResponse<InputStream> response;
        try {
            response = adminClient.client().send(
                    adminClient.request(path).header("accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            err.println(new AdminUnreachableException(adminClient.base(), e).getMessage());
            return 1;
        }
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                err.println(AdminFailure.describe(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            return 1;
        }
        LogPrinter printer = new LogPrinter(out);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            new ServerSentEvents((type, data) -> {
                if (json) {
                    ObjectNode line = JSON.createObjectNode().put("event", type);
                    line.setAll((ObjectNode) data);
                    out.println(line);
                    out.flush();
                } else {
                    printer.event(type, data);
                }
            }).read(lines);
        } catch (IOException e) {
            err.println("the log stream broke off: " + e.getMessage());
            return 1;
        } finally {
            printer.flush();
        }
        if (follow) {
            err.println("the host ended the log stream");
        }
        return 0;
    }
}

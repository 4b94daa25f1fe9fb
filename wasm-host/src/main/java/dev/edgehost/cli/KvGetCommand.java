package dev.edgehost.cli;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kv get NAME KEY}: prints one value, or writes its exact bytes to a file. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print the value of a key (as text; -o for the exact bytes).")
final class KvGetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String function;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, as UTF-8 text.")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the value's bytes to FILE instead of printing it.")
    Path output;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<byte[]> response;
        try {
            response = adminClient.call("GET", KvCommand.keyPath(function, key), HttpRequest.BodyPublishers.noBody());
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println(AdminFailure.describe(response));
            return 1;
        }
        if (output != null) {
            Files.write(output, response.body());
            return 0;
        }
        String value = new String(response.body(), StandardCharsets.UTF_8);
        PrintWriter out = spec.commandLine().getOut();
        out.print(value.endsWith("\n") ? value : value + "\n");
        out.flush();
        return 0;
    }
}

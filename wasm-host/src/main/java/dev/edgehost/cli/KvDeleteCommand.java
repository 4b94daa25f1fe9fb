package dev.edgehost.cli;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kv delete NAME KEY}: removes one key. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key.")
final class KvDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String function;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, as UTF-8 text.")
    String key;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<byte[]> response;
        try {
            response = adminClient.call("DELETE", KvCommand.keyPath(function, key), HttpRequest.BodyPublishers.noBody());
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (response.statusCode() / 100 != 2) {
            err.println(AdminFailure.describe(response));
            return 1;
        }
        spec.commandLine().getOut().println("deleted " + key);
        return 0;
    }
}

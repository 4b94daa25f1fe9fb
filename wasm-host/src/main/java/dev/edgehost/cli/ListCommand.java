package dev.edgehost.cli;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code list}: prints the functions of a running host as JSON. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the functions of a running host.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        return adminClient.send(
                "GET", "/functions", HttpRequest.BodyPublishers.noBody(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

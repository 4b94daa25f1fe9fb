package dev.edgehost.cli;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code undeploy NAME}: removes a function from a running host. */
@Command(name = "undeploy", mixinStandardHelpOptions = true, description = "Remove a function from a running host.")
final class UndeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String name;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        return adminClient.send(
                "DELETE",
                AdminClient.functionPath(name),
                HttpRequest.BodyPublishers.noBody(),
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}

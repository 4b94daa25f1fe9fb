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

/** {@code kv put NAME KEY [VALUE]}: writes one value, given as text, from a file, or from standard input. */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Set the value of a key: VALUE, the bytes of --file, or standard input.")
final class KvPutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
    String function;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, as UTF-8 text.")
    String key;

    @Parameters(index = "2", paramLabel = "VALUE", arity = "0..1", description = "The value as UTF-8 text.")
    String value;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Take the value's bytes from FILE.")
    Path file;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "0", description = "Expire the value after this many seconds; 0 (the default) keeps it.")
    long ttl;

    @Mixin
    AdminClient adminClient;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (value != null && file != null) {
            err.println("error: give VALUE or --file, not both");
            return 2;
        }
        byte[] bytes;
        if (value != null) {
            bytes = value.getBytes(StandardCharsets.UTF_8);
        } else if (file != null) {
            bytes = Files.readAllBytes(file);
        } else {
            bytes = System.in.readAllBytes();
        }
        String path = KvCommand.keyPath(function, key) + (ttl == 0 ? "" : "?ttl=" + ttl);
        HttpResponse<byte[]> response;
        try {
            response = adminClient.call("PUT", path, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (response.statusCode() / 100 != 2) {
            err.println(AdminFailure.describe(response));
            return 1;
        }
        spec.commandLine().getOut().println("set " + key + " (" + FunctionText.size(bytes.length) + (ttl == 0 ? "" : ", expires in " + ttl + " s") + ")");
        return 0;
    }
}

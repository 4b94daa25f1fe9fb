package dev.edgehost.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

/** {@code kv get|put|delete|list NAME ...}: a function's key-value data on a running host, through the admin API. */
@Command(
        name = "kv",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(get | put | delete | list)",
        description = "Read and write a function's key-value data on a running host (in the namespace the function uses).",
        subcommands = {KvGetCommand.class, KvPutCommand.class, KvDeleteCommand.class, KvListCommand.class})
final class KvCommand {

    /** The admin path of one key: every byte outside the unreserved characters percent-encoded. */
    static String keyPath(String function, String key) {
        StringBuilder path = new StringBuilder("/functions/").append(DeployOptions.encode(function)).append("/kv/");
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                path.append((char) c);
            } else {
                path.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return path.toString();
    }
}

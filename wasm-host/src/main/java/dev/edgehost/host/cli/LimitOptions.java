package dev.edgehost.host.cli;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.store.SettingsJson;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --limit NAME=VALUE} options, named as in the admin API. */
final class LimitOptions {
    @Option(
            names = "--limit",
            paramLabel = "NAME=VALUE",
            description = "A function limit: memory-pages, fuel, timeout-ms, max-request-body, max-response-body,"
                    + " max-request-headers, max-request-header-bytes, max-response-headers, max-response-header-bytes. Repeatable.")
    Map<String, Long> limits = new LinkedHashMap<>();

    /** The given limits over a base. */
    FunctionLimits applyTo(FunctionLimits base) {
        FunctionLimits.Builder builder = base.toBuilder();
        limits.forEach((name, value) -> SettingsJson.applyLimit(builder, name, value));
        return builder.build();
    }
}

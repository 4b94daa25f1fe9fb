package dev.edgehost.host.execution;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import java.util.Objects;

/**
 * A function the host is given to deploy as it starts, such as one of a config file's; it is
 * kept in the repository like a deploy through the API. Immutable once built: the code is the
 * caller's array, which the caller no longer changes.
 *
 * @param name the function name
 * @param code the module, or a JavaScript function's script in UTF-8
 * @param kind what the code is
 * @param settings what it is deployed with
 * @param source where it was given, as the log and the function JSON name it, such as
 *     {@code edge-host.toml:12:1: functions[0] (hello)}
 */
public record StartupFunction(String name, byte[] code, FunctionKind kind, FunctionSettings settings, String source) {
    public StartupFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(source, "source");
    }
}

package dev.edgehost.testing.kit;

import dev.edgehost.abi.LogLevel;
import java.util.Locale;

/**
 * One line of a function's log, as a test sees it.
 *
 * @param source {@code guest} for what the guest logged (the {@code log} import, WASI stdout and
 *     stderr), {@code host} for the host's notes on the request, such as a refused fetch
 */
public record LoggedLine(String function, String requestId, String source, LogLevel level, String message) {

    @Override
    public String toString() {
        return level.name().toLowerCase(Locale.ROOT) + " " + message;
    }
}

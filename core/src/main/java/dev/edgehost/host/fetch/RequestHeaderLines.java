package dev.edgehost.host.fetch;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.HeaderRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The headers a guest gives {@code fetch}: {@code name: value} lines (ABI spec §12.1). */
final class RequestHeaderLines {
    /** Headers the host sets or the HTTP client owns; a guest may not send them. */
    static final Set<String> HOST_OWNED =
            Set.of(
                    "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer",
                    "upgrade", "expect", "x-request-id", "traceparent");

    private RequestHeaderLines() {}

    static List<Map.Entry<String, String>> parse(String lines) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int start = 0;
        while (start < lines.length()) {
            int end = lines.indexOf('\n', start);
            String line = lines.substring(start, end < 0 ? lines.length() : end);
            start = end < 0 ? lines.length() : end + 1;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw invalid("header line without a name: " + line);
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (!HeaderRules.isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw invalid("malformed header line: " + line);
            }
            if (HOST_OWNED.contains(name)) {
                throw new AbiErrorException(ErrorCode.DENIED, "the host owns the header " + name);
            }
            headers.add(Map.entry(name, value));
        }
        return headers;
    }

    private static AbiErrorException invalid(String message) {
        return new AbiErrorException(ErrorCode.INVALID_ARGUMENT, message);
    }
}

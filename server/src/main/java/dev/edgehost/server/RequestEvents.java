package dev.edgehost.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.spi.FunctionLogListener.RequestLine;

/** The {@code request} event of a log stream: its JSON, and what it holds until that is built. */
final class RequestEvents {
    /** The characters of a request event's JSON besides its strings: field names, time and numbers. */
    private static final int FIXED_CHARS = 176;

    private RequestEvents() {}

    static ObjectNode data(ObjectMapper json, RequestLine request) {
        ObjectNode data = json.createObjectNode();
        data.put("time", request.time().toString());
        data.put("function", request.function());
        data.put("requestId", request.requestId());
        data.put("method", request.method());
        data.put("path", request.path());
        data.put("status", request.status());
        data.put("totalMs", Math.round(request.totalNanos() / 1e3) / 1e3);
        data.put("fuel", request.fuelUsed());
        if (request.error() != null) {
            data.put("error", request.error());
            data.put("message", request.message());
        }
        return data;
    }

    /**
     * What a request event counts toward its function's backlog before its JSON is built: the
     * characters of its strings and a fixed share for the rest, at least the length of the JSON
     * of strings that need no escaping.
     */
    static int heldChars(RequestLine request) {
        return FIXED_CHARS + request.function().length() + request.requestId().length() + request.method().length()
                + request.path().length() + length(request.error()) + length(request.message());
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}

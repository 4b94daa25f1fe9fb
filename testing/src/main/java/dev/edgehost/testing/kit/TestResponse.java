package dev.edgehost.testing.kit;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a request got: the guest's response, or the host's answer instead (then {@link #error()}
 * is its code, such as {@code trap} or {@code fuel_exhausted}, and {@link #message()} says why),
 * with the fuel it used and the lines it logged. Immutable.
 *
 * @param headers names and values in order; for a host's answer, its content type
 * @param error the error code when the host answered instead of the guest, else {@code null}
 * @param message why the host answered, with where the guest stopped when the host knows it (the
 *     function's log shows the same; the error body a client gets has the first part only), else
 *     {@code null}
 * @param logs the lines this request logged
 */
public record TestResponse(
        int status,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String requestId,
        long fuel,
        String error,
        String message,
        List<LoggedLine> logs) {

    public TestResponse {
        headers = List.copyOf(headers);
        body = body.clone();
        logs = List.copyOf(logs);
    }

    static TestResponse of(EdgeResponse response, List<LoggedLine> logs) {
        return new TestResponse(response.status(), response.headers(), response.body(), response.requestId(), response.fuelUsed(), null, null, logs);
    }

    static TestResponse of(EdgeException failure, String requestId, long fuel, List<LoggedLine> logs) {
        return new TestResponse(
                failure.error().status(), List.of(Map.entry("content-type", "application/json")), failure.responseBody(requestId),
                requestId, fuel, failure.error().code(), failure.getMessage() + failure.detail(), logs);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** All values of a header joined by {@code ", "}, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .collect(Collectors.toList());
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** The messages of the lines this request logged, in order. */
    public List<String> logMessages() {
        return logs.stream().map(LoggedLine::message).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return status + (error == null ? "" : " " + error + ": " + message) + " " + text();
    }
}

package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A function's log for a person, as {@code logs} and {@code dev} print it: one line per request
 * (time, method, path, status, time taken, fuel) with the lines it logged beneath it, indented.
 * A request's lines come before it ends, so they wait here for it: at most
 * {@link #MAX_WAITING_REQUESTS} requests of at most {@link #MAX_LINES_PER_REQUEST} lines each.
 * Thread-safe.
 */
final class LogPrinter {
    static final int MAX_WAITING_REQUESTS = 100;
    static final int MAX_LINES_PER_REQUEST = 1_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final Map<String, List<String>> waiting = new LinkedHashMap<>();

    LogPrinter(PrintWriter out) {
        this.out = out;
    }

    /** One event of the admin API's log stream: {@code log}, {@code request} or {@code dropped}. */
    synchronized void event(String type, JsonNode data) {
        switch (type) {
            case "log":
                log(data.path("requestId").asText(), data.path("source").asText(), data.path("level").asText(), data.path("message").asText());
                break;
            case "request":
                request(
                        data.path("time").asText(), data.path("requestId").asText(), data.path("method").asText(),
                        data.path("path").asText(), data.path("status").asInt(), data.path("totalMs").asDouble(),
                        data.path("fuel").asLong(), data.hasNonNull("error") ? data.path("error").asText() : null,
                        data.hasNonNull("message") ? data.path("message").asText() : null);
                break;
            case "dropped":
                out.println("... " + data.path("dropped").asLong() + " events dropped: this client fell behind");
                out.flush();
                break;
            default:
                break;
        }
    }

    /** A line a request logged; printed once the request ends. */
    synchronized void log(String requestId, String source, String level, String message) {
        List<String> lines = waiting.computeIfAbsent(requestId, id -> new ArrayList<>());
        if (lines.size() < MAX_LINES_PER_REQUEST) {
            String label = "host".equals(source) ? "host" : level;
            lines.add(String.format(Locale.ROOT, "    %-5s %s", label, message));
        }
        if (waiting.size() > MAX_WAITING_REQUESTS) {
            Iterator<Map.Entry<String, List<String>>> eldest = waiting.entrySet().iterator();
            Map.Entry<String, List<String>> orphan = eldest.next();
            eldest.remove();
            printOrphan(orphan.getKey(), orphan.getValue());
        }
    }

    /** A finished request, then the lines it logged. */
    synchronized void request(
            String time, String requestId, String method, String path, int status, double totalMs, long fuel, String error, String message) {
        StringBuilder line = new StringBuilder()
                .append(clock(time)).append("  ").append(method).append(' ').append(path).append("  ").append(status);
        if (error != null) {
            line.append(' ').append(error);
        }
        line.append(String.format(Locale.ROOT, "  %.1f ms  fuel %,d", totalMs, fuel));
        out.println(line);
        if (message != null) {
            out.println("    " + message);
        }
        List<String> lines = waiting.remove(requestId);
        if (lines != null) {
            lines.forEach(out::println);
        }
        out.flush();
    }

    /** A line of the printer's own, such as a redeploy, with the time. */
    synchronized void note(String text) {
        out.println(CLOCK.format(Instant.now()) + "  " + text);
        out.flush();
    }

    /** A line as it is, such as a heading. */
    synchronized void plain(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints the lines of requests that never ended here (a stream cut short). */
    synchronized void flush() {
        waiting.forEach(this::printOrphan);
        waiting.clear();
        out.flush();
    }

    private void printOrphan(String requestId, List<String> lines) {
        out.println("(request " + requestId + ")");
        lines.forEach(out::println);
    }

    private static String clock(String time) {
        try {
            return CLOCK.format(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return time;
        }
    }
}

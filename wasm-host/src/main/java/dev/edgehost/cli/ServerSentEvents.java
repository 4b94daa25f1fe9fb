package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;

/** Reads a {@code text/event-stream}: {@code event:} and {@code data:} lines, an event at each blank line; JSON data only. Not thread-safe. */
final class ServerSentEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told of each event with JSON data. */
    interface Handler {
        void event(String type, JsonNode data) throws IOException;
    }

    private final Handler handler;

    ServerSentEvents(Handler handler) {
        this.handler = handler;
    }

    void read(BufferedReader lines) throws IOException {
        String type = "message";
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    JsonNode parsed = JSON.readTree(data.toString());
                    if (parsed.isObject()) {
                        handler.event(type, parsed);
                    }
                }
                type = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                type = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring("data:".length()).strip());
            }
        }
    }
}

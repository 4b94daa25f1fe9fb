package dev.edgehost.testing.kit;

import dev.edgehost.host.spi.FunctionLogListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every line and finished request of the kit's host, kept for the test to read. Thread-safe. */
final class LogCollector implements FunctionLogListener {
    private final List<LoggedLine> lines = new CopyOnWriteArrayList<>();
    private final Map<String, RequestLine> requests = new ConcurrentHashMap<>();

    @Override
    public void logged(LogLine line) {
        lines.add(new LoggedLine(line.function(), line.requestId(), line.source(), line.level(), line.message()));
    }

    @Override
    public void finished(RequestLine request) {
        requests.put(request.requestId(), request);
    }

    List<LoggedLine> lines() {
        return List.copyOf(lines);
    }

    List<LoggedLine> ofFunction(String function) {
        List<LoggedLine> of = new ArrayList<>();
        lines.forEach(line -> {
            if (line.function().equals(function)) {
                of.add(line);
            }
        });
        return of;
    }

    List<LoggedLine> ofRequest(String requestId) {
        List<LoggedLine> of = new ArrayList<>();
        lines.forEach(line -> {
            if (line.requestId().equals(requestId)) {
                of.add(line);
            }
        });
        return of;
    }

    /** The record of a finished request, or {@code null}. */
    RequestLine request(String requestId) {
        return requests.get(requestId);
    }
}

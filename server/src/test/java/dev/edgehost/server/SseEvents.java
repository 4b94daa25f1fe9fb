package dev.edgehost.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A server-sent events client for tests: reads a stream on a thread of its own and queues its events. */
final class SseEvents implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as it arrived. */
    record Event(String type, String id, JsonNode data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;
    private volatile boolean ended;

    private SseEvents(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
    }

    /** Opens a stream and reads it; the response's headers have arrived when this returns. */
    static SseEvents open(HttpClient client, URI uri, String... headers) {
        SseEvents events = openPaused(client, uri, headers);
        events.resume();
        return events;
    }

    /** Reads the stream from now on. */
    void resume() {
        reader.start();
    }

    /** Opens a stream without reading it yet: a client that falls behind. */
    static SseEvents openPaused(HttpClient client, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new SseEvents(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String type = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(type == null ? "message" : type, id, JSON.readTree(data.toString())));
                    }
                    type = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            // The stream was cut: the events so far stay queued.
        } finally {
            ended = true;
        }
    }

    /** The next event, waiting up to 10 s. */
    Event next() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 10 s");
        }
        return event;
    }

    /** Events until one matches, that one included, waiting up to 10 s for each. */
    List<Event> until(Predicate<Event> last) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        Event event;
        do {
            event = next();
            seen.add(event);
        } while (!last.test(event));
        return seen;
    }

    /** Whether the server ended the stream, waiting up to {@code millis}. */
    boolean ended(long millis) throws InterruptedException {
        reader.join(millis);
        return ended;
    }

    /** Every event read so far and not taken. */
    List<Event> drain() {
        List<Event> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // Closing is all that is wanted.
        }
    }
}

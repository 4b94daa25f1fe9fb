package dev.edgehost.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.FunctionLogListener.RequestLine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Every function's recent log events, and the clients following them: guest log lines and host
 * notes ({@code log} events) and finished requests ({@code request} events), each as the JSON of
 * a server-sent event. The last {@link #BACKLOG_EVENTS} events of each function are kept (at most
 * {@link #BACKLOG_BYTES} of them, for the {@link #MAX_FUNCTIONS} functions that logged last), so
 * that a client that connects sees what just happened. A request event's JSON is built only when
 * a client reads it: every request publishes one, and most are never read.
 *
 * <p>A worker publishing an event never waits for a client: each follower has a queue of
 * {@link LogFollower#MAX_PENDING} events; beyond that its events are dropped and counted.
 * Thread-safe.
 */
final class LogStreams implements FunctionLogListener, AutoCloseable {
    static final int BACKLOG_EVENTS = 100;
    static final int BACKLOG_BYTES = 64 << 10;
    static final int MAX_FUNCTIONS = 512;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One event: its id (increasing across the host), its type and its JSON data, built from its
     * source on first read. Thread-safe.
     */
    static final class Event {
        private final long id;
        private final String type;
        private final RequestLine request;
        private final int size;
        private volatile String data;

        Event(long id, String type, String data) {
            this.id = id;
            this.type = type;
            this.request = null;
            this.size = data.length();
            this.data = data;
        }

        private Event(long id, RequestLine request) {
            this.id = id;
            this.type = "request";
            this.request = request;
            this.size = RequestEvents.heldChars(request);
            this.data = null;
        }

        long id() {
            return id;
        }

        String type() {
            return type;
        }

        /** The event's JSON; two threads reading it first may both build it, to the same text. */
        String data() {
            String json = data;
            if (json == null) {
                json = json(RequestEvents.data(JSON, request));
                data = json;
            }
            return json;
        }

        /** What the backlog counts this event as: its JSON's length, or for one not built yet the characters it holds. */
        int size() {
            return size;
        }
    }

    private final AtomicLong ids = new AtomicLong();
    /** By function, the eldest-touched first; guarded by itself. */
    private final Map<String, Stream> streams = new LinkedHashMap<>(16, 0.75f, true);
    private volatile boolean closed;

    @Override
    public void logged(LogLine line) {
        ObjectNode data = JSON.createObjectNode();
        data.put("time", line.time().toString());
        data.put("function", line.function());
        data.put("requestId", line.requestId());
        data.put("source", line.source());
        data.put("level", line.level().name().toLowerCase(Locale.ROOT));
        data.put("message", line.message());
        publish(line.function(), "log", data);
    }

    @Override
    public void finished(RequestLine request) {
        publish(request.function(), id -> new Event(id, request));
    }

    private void publish(String function, String type, ObjectNode data) {
        String json = json(data);
        publish(function, id -> new Event(id, type, json));
    }

    private static String json(ObjectNode data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }

    private void publish(String function, LongFunction<Event> event) {
        Stream stream = stream(function);
        synchronized (stream) {
            Event next = event.apply(ids.incrementAndGet());
            stream.keep(next);
            for (LogFollower follower : stream.followers) {
                follower.offer(next);
            }
        }
    }

    private Stream stream(String function) {
        synchronized (streams) {
            Stream stream = streams.computeIfAbsent(function, name -> new Stream());
            if (streams.size() > MAX_FUNCTIONS) {
                evictOne();
            }
            return stream;
        }
    }

    /** Forgets the backlog of the function that logged least recently and has no client following it. */
    private void evictOne() {
        Iterator<Stream> eldest = streams.values().iterator();
        while (eldest.hasNext()) {
            Stream stream = eldest.next();
            synchronized (stream) {
                if (stream.followers.isEmpty()) {
                    eldest.remove();
                    return;
                }
            }
        }
    }

    /**
     * Queues the function's last {@code backlog} events after {@code afterId} for a follower and,
     * when {@code follow}, every new one until it stops following.
     *
     * @return false when the streams are closed
     */
    boolean subscribe(String function, LogFollower follower, int backlog, long afterId, boolean follow) {
        if (closed) {
            return false;
        }
        Stream stream = stream(function);
        synchronized (stream) {
            List<Event> recent = new ArrayList<>(stream.backlog);
            for (Event event : recent.subList(Math.max(0, recent.size() - backlog), recent.size())) {
                if (event.id() > afterId) {
                    follower.offer(event);
                }
            }
            if (follow) {
                stream.followers.add(follower);
            }
        }
        return true;
    }

    void unsubscribe(String function, LogFollower follower) {
        Stream stream;
        synchronized (streams) {
            stream = streams.get(function);
        }
        if (stream != null) {
            synchronized (stream) {
                stream.followers.remove(follower);
            }
        }
    }

    /** Ends every stream, so that a server can drain its requests and stop. */
    @Override
    public void close() {
        closed = true;
        List<Stream> all;
        synchronized (streams) {
            all = new ArrayList<>(streams.values());
        }
        for (Stream stream : all) {
            List<LogFollower> following;
            synchronized (stream) {
                following = new ArrayList<>(stream.followers);
                stream.followers.clear();
            }
            following.forEach(LogFollower::end);
        }
    }

    /** One function's backlog and followers; guarded by itself. */
    private static final class Stream {
        private final ArrayDeque<Event> backlog = new ArrayDeque<>();
        private final List<LogFollower> followers = new ArrayList<>();
        private int backlogBytes;

        void keep(Event event) {
            backlog.addLast(event);
            backlogBytes += event.size();
            while (backlog.size() > BACKLOG_EVENTS || (backlogBytes > BACKLOG_BYTES && backlog.size() > 1)) {
                backlogBytes -= backlog.removeFirst().size();
            }
        }
    }
}

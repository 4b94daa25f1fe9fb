package dev.edgehost.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client following a function's log: a bounded queue that publishers offer events to without
 * ever waiting, and the loop of the client's own thread that writes them out as server-sent
 * events. Events that find the queue full are dropped and counted; the client is told how many
 * with a {@code dropped} event before the next one it gets. Thread-safe.
 */
final class LogFollower {
    static final int MAX_PENDING = 256;
    private static final LogStreams.Event END = new LogStreams.Event(-1, "end", "");

    private final BlockingQueue<LogStreams.Event> queue = new ArrayBlockingQueue<>(MAX_PENDING + 1);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean ended;

    /** Queues an event, or counts it as dropped when the client is too far behind. */
    void offer(LogStreams.Event event) {
        if (ended || queue.size() >= MAX_PENDING || !queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Stops the writing loop after the event it is writing. */
    void end() {
        ended = true;
        // The one place beyond MAX_PENDING is kept for this, so a full queue still takes it.
        queue.offer(END);
    }

    /**
     * Writes events as they come until {@link #end()}, or, unless {@code follow}, until the queue
     * is empty; a comment line every {@code keepAliveMillis} without events finds a client that
     * went away.
     *
     * @throws IOException when the client went away
     */
    void write(OutputStream out, boolean follow, long keepAliveMillis) throws IOException, InterruptedException {
        while (true) {
            LogStreams.Event event = follow ? queue.poll(keepAliveMillis, TimeUnit.MILLISECONDS) : queue.poll();
            if (event == END || (event == null && !follow)) {
                writeDropped(out);
                out.flush();
                return;
            }
            if (event == null) {
                writeDropped(out);
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                continue;
            }
            writeDropped(out);
            out.write(("id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + event.data() + "\n\n").getBytes(StandardCharsets.UTF_8));
            if (queue.isEmpty()) {
                out.flush();
            }
        }
    }

    private void writeDropped(OutputStream out) throws IOException {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            out.write(("event: dropped\ndata: {\"dropped\":" + lost + "}\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}

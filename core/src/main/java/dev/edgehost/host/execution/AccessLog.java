package dev.edgehost.host.execution;

import dev.edgehost.host.spi.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per function request on logger {@code edge.access}: a short message for people
 * ({@code GET hello 200 1.234 ms}) and, as SLF4J key-value pairs that a structured log writes as
 * fields, the request id, function and version, method, status, bytes in and out, fuel,
 * instantiate / execute / total time, and the error code when the host answered instead of the
 * guest, and the trace and span id when the request is traced; the MDC has the request's
 * {@code function} and {@code requestId}, as for every line logged while it runs.
 *
 * <p>A request only puts its record in a bounded queue, lock-free (a lock shared with the writer
 * made requests wake it, when it held the lock draining); one writer thread logs the lines, in
 * order, so that building, encoding and writing them is off the request's path. When the writer
 * falls behind and the queue is full, the record is dropped, never waited for: drops are counted
 * ({@link #dropped}) and said in a warning at most every 10 s. The writer looks at the queue again
 * at once while it has lines, and after a pause (1 ms, growing to 50 ms while the host is idle)
 * when not, so that a request never has to wake it. {@link #close} writes what is queued.
 * Thread-safe.
 */
final class AccessLog implements AutoCloseable {
    /** Lines that may wait for the writer. */
    static final int CAPACITY = 16_384;

    private static final Logger LOG = LoggerFactory.getLogger("edge.access");
    private static final Logger WARNINGS = LoggerFactory.getLogger(AccessLog.class);
    private static final int BATCH = 256;
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ConcurrentLinkedQueue<RequestRecord> queue = new ConcurrentLinkedQueue<>();
    private final int capacity;
    /** Records queued and not yet taken by the writer: the bound. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;
    private long droppedWarned;
    private long warnedAt = System.nanoTime() - WARN_EVERY_NANOS;

    AccessLog(int capacity) {
        this.capacity = capacity;
        this.writer = new Thread(this::writeAll, "edge-access-log");
        writer.setDaemon(true);
        writer.setContextClassLoader(AccessLog.class.getClassLoader());
        writer.start();
    }

    /** Queues the line of a finished request, or counts it dropped when the queue is full. */
    void record(RequestRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(record);
    }

    /** Lines dropped so far because the writer fell behind. */
    long dropped() {
        return dropped.get();
    }

    /** Writes the lines still queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeAll() {
        List<RequestRecord> batch = new ArrayList<>(BATCH);
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            take(batch);
            if (batch.isEmpty()) {
                if (closed) {
                    warnOfDrops(true);
                    return;
                }
                LockSupport.parkNanos(this, pause);
                pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
                continue;
            }
            pause = MIN_PAUSE_NANOS;
            for (RequestRecord record : batch) {
                try {
                    write(record);
                } catch (RuntimeException e) {
                    WARNINGS.warn("the access log line of request {} could not be written", record.requestId(), e);
                }
            }
            batch.clear();
            warnOfDrops(false);
        }
    }

    private void take(List<RequestRecord> batch) {
        RequestRecord record;
        while (batch.size() < BATCH && (record = queue.poll()) != null) {
            batch.add(record);
        }
        if (!batch.isEmpty()) {
            queued.addAndGet(-batch.size());
        }
    }

    private void warnOfDrops(boolean now) {
        long total = dropped.get();
        if (total == droppedWarned || (!now && System.nanoTime() - warnedAt < WARN_EVERY_NANOS)) {
            return;
        }
        WARNINGS.warn("the access log dropped {} lines ({} in all): its writer fell behind the requests",
                total - droppedWarned, total);
        droppedWarned = total;
        warnedAt = System.nanoTime();
    }

    /**
     * Nanoseconds as milliseconds with three decimals, rounded half up: what {@code "%.3f"} of
     * {@code nanos / 1e6} prints, without the formatter, which took the writer more time than the rest of the line.
     */
    static String millis(long nanos) {
        long micros = (nanos + 500) / 1000;
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    private static void write(RequestRecord record) {
        // The same context as the lines logged while the request ran.
        MDC.put(RequestExecutor.MDC_FUNCTION, record.function());
        MDC.put(RequestExecutor.MDC_REQUEST_ID, record.requestId());
        try {
            double totalMs = record.totalNanos() / 1e6;
            // Formatted here, not by SLF4J from a pattern and arguments, which cost a fifth of the writer's time.
            String message = record.method() + ' ' + record.function() + ' ' + record.status() + ' ' + millis(record.totalNanos()) + " ms";
            LoggingEventBuilder line =
                    LOG.atInfo()
                            .addKeyValue("requestId", record.requestId())
                            .addKeyValue("function", record.function())
                            .addKeyValue("version", record.version())
                            .addKeyValue("versionNumber", record.versionNumber())
                            .addKeyValue("method", record.method())
                            .addKeyValue("status", record.status())
                            .addKeyValue("bytesIn", record.bytesIn())
                            .addKeyValue("bytesOut", record.bytesOut())
                            .addKeyValue("fuel", record.fuelUsed())
                            .addKeyValue("instantiateMs", record.instantiateNanos() / 1e6)
                            .addKeyValue("executeMs", record.executeNanos() / 1e6)
                            .addKeyValue("totalMs", totalMs);
            if (record.error() != null) {
                line = line.addKeyValue("error", record.error());
            }
            if (record.traceId() != null) {
                line = line.addKeyValue("traceId", record.traceId()).addKeyValue("spanId", record.spanId());
            }
            line.log(message);
        } finally {
            MDC.remove(RequestExecutor.MDC_FUNCTION);
            MDC.remove(RequestExecutor.MDC_REQUEST_ID);
        }
    }
}

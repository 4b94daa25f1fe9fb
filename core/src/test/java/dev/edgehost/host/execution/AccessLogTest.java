package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import dev.edgehost.host.spi.FetchCacheCounts;
import dev.edgehost.host.spi.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log's line, written off the request's thread, and a full queue dropping lines instead of waiting. */
class AccessLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("edge.access");
    private final List<AppenderBase<ILoggingEvent>> attached = new ArrayList<>();

    @AfterEach
    void detach() {
        attached.forEach(logger::detachAppender);
    }

    private <A extends AppenderBase<ILoggingEvent>> A attach(A appender) {
        appender.start();
        logger.addAppender(appender);
        attached.add(appender);
        return appender;
    }

    private static RequestRecord record(String id, String error) {
        return new RequestRecord(id, "hello", "0a16ec30c5a3", "GET", error == null ? 200 : 500, 3, 21, 19, 70_000, 900_000,
                1_204_000, 0, 0, error, null, null, 1, FetchCacheCounts.NONE);
    }

    @Test
    void record_writesTheLineWithItsFieldsAndTheRequestsContext() {
        ListAppender<ILoggingEvent> lines = attach(new ListAppender<>());
        try (AccessLog log = new AccessLog(16)) {
            log.record(record("4bf92f3577b34da6a3ce929d", null));
            log.record(record("4bf92f3577b34da6a3ce929e", "trap"));
        }

        assertEquals(2, lines.list.size());
        ILoggingEvent line = lines.list.get(0);
        assertEquals("GET hello 200 1.204 ms", line.getFormattedMessage());
        assertEquals(Map.of("function", "hello", "requestId", "4bf92f3577b34da6a3ce929d"), line.getMDCPropertyMap());
        assertEquals("requestId=4bf92f3577b34da6a3ce929d function=hello version=0a16ec30c5a3 versionNumber=1 method=GET status=200 bytesIn=3"
                + " bytesOut=21 fuel=19 instantiateMs=0.07 executeMs=0.9 totalMs=1.204", pairs(line));
        assertEquals("GET hello 500 1.204 ms", lines.list.get(1).getFormattedMessage());
        assertTrue(pairs(lines.list.get(1)).endsWith(" error=trap"), pairs(lines.list.get(1)));
    }

    @Test
    void record_writerBlocked_dropsAndCountsInsteadOfWaiting() throws InterruptedException {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        attach(new AppenderBase<ILoggingEvent>() {
            @Override
            protected void append(ILoggingEvent event) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (AccessLog log = new AccessLog(4)) {
            log.record(record("000000000000000000000000", null));
            assertTrue(writing.await(10, TimeUnit.SECONDS), "the writer takes the first line");
            long start = System.nanoTime();
            for (int i = 1; i <= 10; i++) {
                log.record(record(String.format("%024d", i), null));
            }
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);

            assertEquals(6, log.dropped(), "four wait in the queue, the other six are dropped");
            assertTrue(micros < 1_000_000, "recording never waits for the writer: " + micros + " µs");
            release.countDown();
        }
    }

    @Test
    void record_manyThreadsAtOnce_everyLineWrittenOrCountedDroppedAndWrittenByClose() throws InterruptedException {
        ListAppender<ILoggingEvent> lines = attach(new ListAppender<>());
        int threads = 4;
        int each = 5_000;
        AccessLog log = new AccessLog(256);
        try {
            List<Thread> recorders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * each;
                Thread recorder = new Thread(() -> {
                    for (int i = first; i < first + each; i++) {
                        log.record(record(String.format("%024d", i), null));
                    }
                });
                recorders.add(recorder);
                recorder.start();
            }
            for (Thread recorder : recorders) {
                recorder.join();
            }
        } finally {
            log.close();
        }
        long dropped = log.dropped();

        assertEquals(threads * each, lines.list.size() + dropped, "written " + lines.list.size() + ", dropped " + dropped);
        assertEquals(lines.list.size(), lines.list.stream().map(line -> line.getMDCPropertyMap().get("requestId")).distinct().count());
    }

    @Test
    void millis_anyNanoseconds_printsWhatTheFormatterPrints() {
        long[] samples = {0, 1, 499, 500, 999, 1_000, 1_499, 1_500, 9_999, 10_500, 99_500, 999_499, 999_500, 1_204_000,
            1_234_567, 12_345_678_901L, 3_600_000_000_000L};
        for (long nanos : samples) {
            assertEquals(String.format(Locale.ROOT, "%.3f", nanos / 1e6), AccessLog.millis(nanos), nanos + " ns");
        }
        for (long nanos = 0; nanos < 3_000_000; nanos += 499) {
            assertEquals(String.format(Locale.ROOT, "%.3f", nanos / 1e6), AccessLog.millis(nanos), nanos + " ns");
        }
    }

    private static String pairs(ILoggingEvent line) {
        return line.getKeyValuePairs().stream().map(pair -> pair.key + "=" + pair.value).collect(Collectors.joining(" "));
    }
}

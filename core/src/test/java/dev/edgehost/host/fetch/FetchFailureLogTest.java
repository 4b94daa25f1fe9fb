package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.LogCapability;
import dev.edgehost.testing.TestOrigin;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A refused or failed fetch leaves a warning on the host naming the URL without its query, and the reason. */
class FetchFailureLogTest {
    static {
        Module self = FetchFailureLogTest.class.getModule();
        for (String logback : List.of("ch.qos.logback.classic", "ch.qos.logback.core")) {
            ModuleLayer.boot().findModule(logback).ifPresent(self::addReads);
        }
    }

    private final Logger logger = (Logger) LoggerFactory.getLogger(FunctionFetch.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<String> notes = new ArrayList<>();
    private final LogCapability log =
            new LogCapability() {
                @Override
                public void log(LogLevel level, String message) {
                    throw new AssertionError("a host note is no guest line: " + message);
                }

                @Override
                public void hostNote(LogLevel level, String message) {
                    notes.add(level + " " + message);
                }
            };
    private TestOrigin origin;

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        origin = TestOrigin.start();
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        origin.close();
    }

    private FunctionFetch fetch(FunctionLimits limits, String... allowed) {
        return new FunctionFetch(
                new FetchClients(), OriginAllowList.parse(List.of(allowed)), limits, "request-42",
                TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofMinutes(1).toNanos(), "shop", log);
    }

    private List<String> warnings() {
        return appender.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).collect(Collectors.toList());
    }

    @Test
    void refusedOrigin_logsTheUrlWithoutItsQueryAndTheReason() {
        FunctionFetch fetch = fetch(FunctionLimits.defaults());

        assertThrows(AbiErrorException.class,
                () -> fetch.fetch("GET", origin.origin() + "/users/7?token=s3cret#frag", "", new byte[0]));

        String expected = "fetch refused: GET " + origin.origin() + "/users/7: origin not on the allow-list: " + origin.origin() + " (denied)";
        assertEquals(List.of("WARN [shop request-42] " + expected), warnings());
        assertEquals(List.of("WARN " + expected), notes);
        assertTrue(origin.received().isEmpty());
    }

    @Test
    void unreachableOrigin_logsTheFailure() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        FunctionFetch fetch = fetch(FunctionLimits.defaults(), url);

        assertThrows(AbiErrorException.class, () -> fetch.fetch("POST", url + "/orders?key=k", "", new byte[0]));

        String warning = warnings().get(0);
        assertTrue(warning.startsWith("WARN [shop request-42] fetch failed: POST " + url + "/orders: no answer from " + url + ": "), warning);
        assertTrue(warning.endsWith("(upstream_failure)"), warning);
        assertTrue(!warning.contains("key=k"), warning);
    }

    @Test
    void overTheFetchLimit_logsTheLimit() {
        origin.route("/", TestOrigin.answer(200, "ok"));
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchMaxRequests(1).build(), origin.origin());
        fetch.fetch("GET", origin.origin() + "/", "", new byte[0]);

        assertThrows(AbiErrorException.class, () -> fetch.fetch("GET", origin.origin() + "/again", "", new byte[0]));

        assertEquals(List.of("WARN [shop request-42] fetch refused: GET " + origin.origin() + "/again: at most 1 fetches per request (limit_exceeded)"),
                warnings());
    }

    @Test
    void manyFailures_logOnlyTheFirstFewPerRequest() {
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchMaxRequests(100).build());

        for (int i = 0; i < 50; i++) {
            assertThrows(AbiErrorException.class, () -> fetch.fetch("GET", "http://example.com/x\n[forged]", "", new byte[0]));
        }

        assertEquals(FunctionFetch.MAX_LOGGED_FAILURES, warnings().size());
        assertTrue(warnings().get(FunctionFetch.MAX_LOGGED_FAILURES - 1).endsWith("further failed fetches of this request are not logged"));
        assertTrue(warnings().get(0).contains("http://example.com/x?[forged]"), "control characters cannot forge log lines: " + warnings().get(0));
    }
}

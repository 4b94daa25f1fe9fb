package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgehost.abi.LogLevel;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * FunctionLog writes only to SLF4J, so these tests read what it logged from a logback appender;
 * logback is the binding the host ships with.
 */
class FunctionLogTest {
    static {
        // On the module path the host module does not read logback, which it only needs at run time
        // as the SLF4J binding; the tests, patched into that module, need to read it to use it.
        Module self = FunctionLogTest.class.getModule();
        for (String logback : List.of("ch.qos.logback.classic", "ch.qos.logback.core")) {
            ModuleLayer.boot().findModule(logback).ifPresent(self::addReads);
        }
    }

    private final Logger logger = (Logger) LoggerFactory.getLogger("edge.guest");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final FunctionLog log = new FunctionLog("shop", "req-1");
    private Level savedLevel;
    private boolean savedAdditive;

    @BeforeEach
    void captureLogger() {
        savedLevel = logger.getLevel();
        savedAdditive = logger.isAdditive();
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void restoreLogger() {
        logger.detachAppender(appender);
        logger.setAdditive(savedAdditive);
        logger.setLevel(savedLevel);
    }

    private List<String> logged() {
        return appender.list.stream()
                .map(event -> event.getLevel() + " " + event.getFormattedMessage())
                .collect(Collectors.toList());
    }

    @Test
    void log_eachLevel_logsAtThatLevelTaggedWithFunctionAndRequestId() {
        log.log(LogLevel.DEBUG, "d");
        log.log(LogLevel.INFO, "i");
        log.log(LogLevel.WARN, "w");
        log.log(LogLevel.ERROR, "e");

        assertEquals(
                List.of("DEBUG [shop req-1] d", "INFO [shop req-1] i", "WARN [shop req-1] w", "ERROR [shop req-1] e"),
                logged());
    }

    @Test
    void log_messageOfMaxChars_isLoggedWhole() {
        String message = "x".repeat(FunctionLog.MAX_LINE_CHARS);

        log.log(LogLevel.INFO, message);

        assertEquals(List.of("INFO [shop req-1] " + message), logged());
    }

    @Test
    void log_messageLongerThanMaxChars_isTruncatedWithEllipsis() {
        String kept = "x".repeat(FunctionLog.MAX_LINE_CHARS);

        log.log(LogLevel.INFO, kept + "dropped");

        assertEquals(List.of("INFO [shop req-1] " + kept + "..."), logged());
    }

    @Test
    void log_moreThanMaxLines_logsMaxLinesThenOneWarningAndDropsTheRest() {
        for (int i = 1; i <= FunctionLog.MAX_LINES + 5; i++) {
            log.log(LogLevel.INFO, "line " + i);
        }

        List<String> logged = logged();
        assertEquals(FunctionLog.MAX_LINES + 1, logged.size());
        assertEquals("INFO [shop req-1] line " + FunctionLog.MAX_LINES, logged.get(FunctionLog.MAX_LINES - 1));
        assertEquals(
                "WARN [shop req-1] more than " + FunctionLog.MAX_LINES + " log lines; dropping the rest",
                logged.get(FunctionLog.MAX_LINES));
    }

    @Test
    void log_anotherRequestsLog_countsItsOwnLines() {
        for (int i = 0; i <= FunctionLog.MAX_LINES; i++) {
            log.log(LogLevel.INFO, "flood");
        }
        appender.list.clear();

        new FunctionLog("shop", "req-2").log(LogLevel.INFO, "fresh");

        assertEquals(List.of("INFO [shop req-2] fresh"), logged());
    }

    @Test
    void log_moreCallsThanAnIntCanCount_stillDropsLines() {
        // A guest with a long deadline can call log 2^31 times; the count must not wrap around.
        for (int i = 0; i < Integer.MAX_VALUE; i++) {
            log.log(LogLevel.INFO, "flood");
        }
        appender.list.clear();

        log.log(LogLevel.INFO, "after 2^31 calls");

        assertEquals(List.of(), logged());
    }
}

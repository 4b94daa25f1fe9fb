package dev.edgehost.host.capability;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.spi.FunctionLogListener;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's log for one request: lines are tagged with the function and request id, and capped
 * in length and number so that a guest cannot flood the host's log; each line kept is also told to
 * the log listener, with the host's notes on the request. Used by the request's thread.
 */
public final class FunctionLog implements LogCapability {
    static final int MAX_LINE_CHARS = 8 << 10;
    static final int MAX_LINES = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger("edge.guest");

    private final String function;
    private final String requestId;
    private final FunctionLogListener listener;
    private int lines;

    public FunctionLog(String function, String requestId) {
        this(function, requestId, null);
    }

    /** @param listener told of every line kept, or {@code null} */
    public FunctionLog(String function, String requestId, FunctionLogListener listener) {
        this.function = function;
        this.requestId = requestId;
        this.listener = listener;
    }

    @Override
    public void hostNote(LogLevel level, String message) {
        publish(FunctionLogListener.LogLine.HOST, level, message);
    }

    private void publish(String source, LogLevel level, String message) {
        if (listener != null) {
            listener.logged(new FunctionLogListener.LogLine(Instant.now(), function, requestId, source, level, message));
        }
    }

    @Override
    public boolean isFull() {
        return lines > MAX_LINES;
    }

    @Override
    public void log(LogLevel level, String message) {
        if (lines > MAX_LINES) {
            // Counting stops here, so that the count cannot wrap around and let lines through again.
            return;
        }
        lines++;
        if (lines > MAX_LINES) {
            LOG.warn("[{} {}] more than {} log lines; dropping the rest", function, requestId, MAX_LINES);
            publish(FunctionLogListener.LogLine.HOST, LogLevel.WARN, "more than " + MAX_LINES + " log lines; dropping the rest");
            return;
        }
        String line = message.length() > MAX_LINE_CHARS ? message.substring(0, MAX_LINE_CHARS) + "..." : message;
        publish(FunctionLogListener.LogLine.GUEST, level, line);
        switch (level) {
            case DEBUG:
                LOG.debug("[{} {}] {}", function, requestId, line);
                break;
            case INFO:
                LOG.info("[{} {}] {}", function, requestId, line);
                break;
            case WARN:
                LOG.warn("[{} {}] {}", function, requestId, line);
                break;
            default:
                LOG.error("[{} {}] {}", function, requestId, line);
                break;
        }
    }
}

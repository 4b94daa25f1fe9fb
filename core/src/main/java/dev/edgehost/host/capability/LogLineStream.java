package dev.edgehost.host.capability;

import dev.edgehost.abi.LogLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A WASI output stream (stdout or stderr) that turns what the guest writes into log lines (ABI
 * spec §7). A line longer than the log's limit is split rather than buffered without bound.
 * Once the log takes no more lines, what the guest writes is dropped unlooked-at, as the log drops
 * lines past its cap (§6.1): the write still succeeds, so programs that print a lot go on as
 * before; what the copying costs, the guest's fuel pays (§8.1). Used by one request's thread
 * only.
 */
public final class LogLineStream implements OutputSink {
    private final LogCapability log;
    private final LogLevel level;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public LogLineStream(LogCapability log, LogLevel level) {
        this.log = log;
        this.level = level;
    }

    @Override
    public int write(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int at = offset;
        while (at < end) {
            if (log.isFull()) {
                return length;
            }
            if (bytes[at] == '\n') {
                emit();
                at++;
            } else if (line.size() >= FunctionLog.MAX_LINE_CHARS) {
                emit();
            } else {
                int stop = at;
                while (stop < end && bytes[stop] != '\n') {
                    stop++;
                }
                int take = Math.min(stop - at, FunctionLog.MAX_LINE_CHARS - line.size());
                line.write(bytes, at, take);
                at += take;
            }
        }
        return length;
    }

    /** Logs what is left without a final newline. */
    public void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        log.log(level, line.toString(StandardCharsets.UTF_8));
        line.reset();
    }
}

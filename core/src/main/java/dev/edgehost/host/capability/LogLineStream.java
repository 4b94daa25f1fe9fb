package dev.edgehost.host.capability;

import dev.edgehost.abi.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A WASI output stream (stdout or stderr) that turns what the guest writes into log lines (ABI
 * spec §7). A line longer than the log's limit is split rather than buffered without bound.
 */
public final class LogLineStream extends OutputStream {
    private final LogCapability log;
    private final LogLevel level;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public LogLineStream(LogCapability log, LogLevel level) {
        this.log = log;
        this.level = level;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
            return;
        }
        if (line.size() >= FunctionLog.MAX_LINE_CHARS) {
            emit();
        }
        line.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Logs what is left without a final newline. */
    @Override
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

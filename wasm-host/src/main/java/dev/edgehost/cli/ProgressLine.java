package dev.edgehost.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A line that says how far a run is, rewritten in place ({@code \r}) on a terminal and not
 * written at all otherwise, so that redirected output holds only the results. Its owner calls
 * {@link #show} now and then and {@link #clear} at the end; {@link #done} is counted by the
 * threads doing the work. Thread-safe.
 */
final class ProgressLine {
    private final PrintWriter out;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private int width;

    ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Counts one more unit of work done. */
    void done() {
        done.incrementAndGet();
    }

    long count() {
        return done.get();
    }

    /** Starts counting anew, for the next phase. */
    void reset() {
        done.set(0);
    }

    /** Rewrites the line: what runs, and how many of how many are done. */
    synchronized void show(String what, long total) {
        if (!enabled) {
            return;
        }
        long count = Math.min(done.get(), total);
        String line = String.format(Locale.ROOT, "%s %d/%d (%d%%)", what, count, total, total == 0 ? 100 : count * 100 / total);
        out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        out.flush();
        width = line.length();
    }

    /** Removes the line, so that the results start at the beginning of a clean line. */
    synchronized void clear() {
        if (!enabled || width == 0) {
            return;
        }
        out.print("\r" + " ".repeat(width) + "\r");
        out.flush();
        width = 0;
    }
}

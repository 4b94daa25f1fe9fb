package dev.edgehost.host.capability;

import dev.edgehost.abi.LogLevel;

/** Where a guest's log lines go (ABI spec §6.1 and the WASI output streams of §7). */
public interface LogCapability {

    /** Records one line the guest logged. */
    void log(LogLevel level, String message);

    /**
     * Records a line the host wrote about the guest's request (a refused fetch, say) beside the
     * guest's own lines, for whoever follows the function's log; the host has logged it already.
     * Not counted against the guest's lines.
     */
    default void hostNote(LogLevel level, String message) {}
    /** Whether the log takes no more lines this request, so that host functions need not read them. */
    default boolean isFull() {
        return false;
    }
}

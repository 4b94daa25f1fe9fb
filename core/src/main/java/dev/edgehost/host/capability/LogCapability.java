package dev.edgehost.host.capability;

import dev.edgehost.abi.LogLevel;

/** Where a guest's log lines go (ABI spec §6.1 and the WASI output streams of §7). */
public interface LogCapability {

    /** Records one line the guest logged. */
    void log(LogLevel level, String message);

    /** Whether the log takes no more lines this request, so that host functions need not read them. */
    default boolean isFull() {
        return false;
    }
}

package dev.edgehost.host.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides which host runs a function's scheduled run when several hosts share a backend: the
 * first to take the lease of a (function, minute) runs it, every other host skips it. A backend of
 * one host needs none ({@link #alone()}). Implementations are thread-safe.
 */
@FunctionalInterface
public interface ScheduleLeases {

    /**
     * Takes the run of a function at a scheduled minute for this host, atomically across hosts.
     *
     * @param minute the scheduled minute, a whole UTC minute
     * @param hold how long the lease is kept, so that a host whose clock is behind cannot take it again
     * @return whether this host took it and so runs the function; false when another host did
     * @throws KvUnavailableException when the shared store cannot be reached; the run is skipped then
     */
    boolean acquire(String function, Instant minute, Duration hold);

    /** The leases of a host that shares no backend: it takes every run. */
    static ScheduleLeases alone() {
        return (function, minute, hold) -> true;
    }
}

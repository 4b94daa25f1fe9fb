package dev.edgehost.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long clients may take and how many connections they may hold, on each listener; checked
 * here, so that {@link EdgeServer.Builder#build()} refuses a bad value.
 *
 * @param readTimeout the longest a request's headers may take to arrive from their first byte,
 *     and then its body from the end of the headers; a client that is slower is disconnected
 * @param idleTimeout the longest a connection may stay open without a request in progress,
 *     before its first request or between two
 * @param maxConnections the most connections a listener holds at once; more are closed at once
 * @param maxConnectionsPerClient the most of them from one client address (an IPv6 client: its /64)
 */
record ConnectionLimits(Duration readTimeout, Duration idleTimeout, int maxConnections, int maxConnectionsPerClient) {
    /**
     * Defaults: a request has 30 s for its headers and 30 s for its body; idle connections close
     * after 60 s; 10,000 connections per listener, 256 from one client.
     */
    static final ConnectionLimits DEFAULTS = new ConnectionLimits(Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000, 256);

    ConnectionLimits {
        checkTimeout("readTimeout", readTimeout);
        checkTimeout("idleTimeout", idleTimeout);
        if (maxConnections < 1 || maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException(
                    "maxConnections and maxConnectionsPerClient must be at least 1: " + maxConnections + ", " + maxConnectionsPerClient);
        }
    }

    private static void checkTimeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms: " + timeout);
        }
    }

    /** {@link #readTimeout()} in milliseconds, as Undertow takes it. */
    int readTimeoutMillis() {
        return (int) readTimeout.toMillis();
    }

    /** {@link #idleTimeout()} in milliseconds, as Undertow takes it. */
    int idleTimeoutMillis() {
        return (int) idleTimeout.toMillis();
    }
}

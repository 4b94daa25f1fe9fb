package dev.edgehost.host.execution;

import dev.edgehost.host.spi.FetchCacheCounts;
import dev.edgehost.host.spi.RequestSpan;

/**
 * What one request cost, filled in as it runs and complete even when the guest failed: for the
 * access log and the {@code server-timing} header; and the trace span its fetches and key-value
 * calls are told to, which travels with it to where they are made. Used by one thread.
 */
public final class InvocationStats {
    private final RequestSpan span;
    private long fuelUsed;
    private long instantiateNanos;
    private long executeNanos;
    private int kvOperations;
    private int fetches;
    private FetchCacheCounts fetchCache = FetchCacheCounts.NONE;
    private String limitReached;

    /** Stats of a request that is not traced. */
    public InvocationStats() {
        this(RequestSpan.NONE);
    }

    public InvocationStats(RequestSpan span) {
        this.span = span;
    }

    /** The request's trace span, {@link RequestSpan#NONE} when it is not traced. */
    public RequestSpan span() {
        return span;
    }

    void record(long fuelUsed, long instantiateNanos, long executeNanos) {
        this.fuelUsed = fuelUsed;
        this.instantiateNanos = instantiateNanos;
        this.executeNanos = executeNanos;
    }

    void recordCalls(int kvOperations, int fetches) {
        this.kvOperations = kvOperations;
        this.fetches = fetches;
    }

    void recordFetchCache(FetchCacheCounts fetchCache) {
        this.fetchCache = fetchCache;
    }

    /** The guest trapped at a hard limit: {@code memory} (growth past its cap refused) or {@code stack}; null for none. */
    void limitReached(String limit) {
        this.limitReached = limit;
    }

    /**
     * The hard limit the guest trapped at, {@code memory} or {@code stack}, or null: fuel and the
     * deadline have their own failures.
     */
    String limitReached() {
        return limitReached;
    }

    /** How the HTTP cache answered the guest's fetches. */
    public FetchCacheCounts fetchCache() {
        return fetchCache;
    }

    /** Key-value calls the guest made. */
    public int kvOperations() {
        return kvOperations;
    }

    /** Fetches the guest made. */
    public int fetches() {
        return fetches;
    }

    /** Fuel the guest used (ABI spec §8.1). */
    public long fuelUsed() {
        return fuelUsed;
    }

    /** Time to build the instance, including its start function. */
    public long instantiateNanos() {
        return instantiateNanos;
    }

    /** Time in {@code _initialize} and {@code handle}. */
    public long executeNanos() {
        return executeNanos;
    }
}

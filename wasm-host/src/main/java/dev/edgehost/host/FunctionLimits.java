package dev.edgehost.host;

import dev.edgehost.abi.Abi;
import java.time.Duration;
import java.util.Objects;

/**
 * The hard limits one function runs under (ABI spec §8). Immutable; build with {@link #builder()}
 * or start from {@link #defaults()}.
 */
public final class FunctionLimits {
    /** The largest memory cap a function may ask for: what the runtime can address. */
    public static final int MAX_MEMORY_PAGES = 32_767;
    /** The largest fuel budget a function may ask for. */
    public static final long MAX_FUEL = 1_000_000_000_000_000L;

    private static final FunctionLimits DEFAULTS = builder().build();

    private final int memoryPages;
    private final long fuel;
    private final Duration timeout;
    private final long maxRequestBodyBytes;
    private final long maxResponseBodyBytes;
    private final int maxRequestHeaders;
    private final int maxRequestHeaderBytes;
    private final int maxResponseHeaders;
    private final int maxResponseHeaderBytes;
    private final int kvMaxValueBytes;
    private final int kvMaxOperations;
    private final int fetchMaxRequests;
    private final long fetchMaxResponseBytes;
    private final Duration fetchConnectTimeout;
    private final Duration fetchTimeout;

    private FunctionLimits(Builder builder) {
        this.memoryPages = inRange("memoryPages", builder.memoryPages, 1, MAX_MEMORY_PAGES);
        this.fuel = inRange("fuel", builder.fuel, 1, MAX_FUEL);
        this.timeout = positiveUpToAnHour("timeout", builder.timeout);
        this.maxRequestBodyBytes =
                inRange("maxRequestBodyBytes", builder.maxRequestBodyBytes, 0, Integer.MAX_VALUE - 8);
        this.maxResponseBodyBytes =
                inRange("maxResponseBodyBytes", builder.maxResponseBodyBytes, 0, Integer.MAX_VALUE - 8);
        this.maxRequestHeaders = inRange("maxRequestHeaders", builder.maxRequestHeaders, 1, 10_000);
        this.maxRequestHeaderBytes =
                inRange("maxRequestHeaderBytes", builder.maxRequestHeaderBytes, 1, 16 << 20);
        this.maxResponseHeaders = inRange("maxResponseHeaders", builder.maxResponseHeaders, 0, 10_000);
        this.maxResponseHeaderBytes =
                inRange("maxResponseHeaderBytes", builder.maxResponseHeaderBytes, 0, 16 << 20);
        this.kvMaxValueBytes = inRange("kvMaxValueBytes", builder.kvMaxValueBytes, 0, 64 << 20);
        this.kvMaxOperations = inRange("kvMaxOperations", builder.kvMaxOperations, 0, 1_000_000);
        this.fetchMaxRequests = inRange("fetchMaxRequests", builder.fetchMaxRequests, 0, 1_000);
        this.fetchMaxResponseBytes = inRange("fetchMaxResponseBytes", builder.fetchMaxResponseBytes, 0, Integer.MAX_VALUE - 8);
        this.fetchConnectTimeout = positiveUpToAnHour("fetchConnectTimeout", builder.fetchConnectTimeout);
        this.fetchTimeout = positiveUpToAnHour("fetchTimeout", builder.fetchTimeout);
    }

    private static Duration positiveUpToAnHour(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 ms and 1 h: " + value);
        }
        return value;
    }

    private static int inRange(String name, int value, int min, int max) {
        return (int) inRange(name, (long) value, min, max);
    }

    private static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }

    /** The host's defaults: 128 MiB memory, a billion fuel, 10 s, 10 MiB bodies, 100 headers in 64 KiB. */
    public static FunctionLimits defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
        return new Builder()
                .memoryPages(memoryPages)
                .fuel(fuel)
                .timeout(timeout)
                .maxRequestBodyBytes(maxRequestBodyBytes)
                .maxResponseBodyBytes(maxResponseBodyBytes)
                .maxRequestHeaders(maxRequestHeaders)
                .maxRequestHeaderBytes(maxRequestHeaderBytes)
                .maxResponseHeaders(maxResponseHeaders)
                .maxResponseHeaderBytes(maxResponseHeaderBytes)
                .kvMaxValueBytes(kvMaxValueBytes)
                .kvMaxOperations(kvMaxOperations)
                .fetchMaxRequests(fetchMaxRequests)
                .fetchMaxResponseBytes(fetchMaxResponseBytes)
                .fetchConnectTimeout(fetchConnectTimeout)
                .fetchTimeout(fetchTimeout);
    }

    /** Linear-memory cap in 64 KiB pages; {@code memory.grow} past it fails. */
    public int memoryPages() {
        return memoryPages;
    }

    /** Linear-memory cap in bytes. */
    public long memoryBytes() {
        return (long) memoryPages * Abi.PAGE_SIZE;
    }

    /**
     * Fuel one request may use: the deterministic measure of CPU work (ABI spec §8.1), about one
     * unit per Wasm instruction. Past it the guest stops with {@code fuel_exhausted}.
     */
    public long fuel() {
        return fuel;
    }

    /** Wall-clock deadline of one request, from instantiation to the guest's return. */
    public Duration timeout() {
        return timeout;
    }

    /** The largest request body accepted; larger ones get {@code 413}. */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** The largest response body a guest may write; {@code resp_write} past it returns {@code -3}. */
    public long maxResponseBodyBytes() {
        return maxResponseBodyBytes;
    }

    /** The most request headers accepted; more get {@code 431}. */
    public int maxRequestHeaders() {
        return maxRequestHeaders;
    }

    /** The most bytes of request header names and values accepted; more get {@code 431}. */
    public int maxRequestHeaderBytes() {
        return maxRequestHeaderBytes;
    }

    /** The most response headers a guest may set; more return {@code -3}. */
    public int maxResponseHeaders() {
        return maxResponseHeaders;
    }

    /**
     * The most bytes of response header names and values a guest may set; more return {@code -3}.
     * Keeps a response within what clients and proxies accept.
     */
    public int maxResponseHeaderBytes() {
        return maxResponseHeaderBytes;
    }

    /** The largest value {@code kv_set} stores; larger ones return {@code -3}. */
    public int kvMaxValueBytes() {
        return kvMaxValueBytes;
    }

    /** Key-value calls one request may make; more return {@code -3}. */
    public int kvMaxOperations() {
        return kvMaxOperations;
    }

    /** Fetches one request may make; more return {@code -3}. */
    public int fetchMaxRequests() {
        return fetchMaxRequests;
    }

    /** The largest fetch response body accepted; larger ones fail with {@code -5}. */
    public long fetchMaxResponseBytes() {
        return fetchMaxResponseBytes;
    }

    /** The longest a fetch may take to connect. */
    public Duration fetchConnectTimeout() {
        return fetchConnectTimeout;
    }

    /** The longest one fetch may take in all, within the request's deadline. */
    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof FunctionLimits)) {
            return false;
        }
        FunctionLimits that = (FunctionLimits) other;
        return memoryPages == that.memoryPages
                && fuel == that.fuel
                && timeout.equals(that.timeout)
                && maxRequestBodyBytes == that.maxRequestBodyBytes
                && maxResponseBodyBytes == that.maxResponseBodyBytes
                && maxRequestHeaders == that.maxRequestHeaders
                && maxRequestHeaderBytes == that.maxRequestHeaderBytes
                && maxResponseHeaders == that.maxResponseHeaders
                && maxResponseHeaderBytes == that.maxResponseHeaderBytes
                && kvMaxValueBytes == that.kvMaxValueBytes
                && kvMaxOperations == that.kvMaxOperations
                && fetchMaxRequests == that.fetchMaxRequests
                && fetchMaxResponseBytes == that.fetchMaxResponseBytes
                && fetchConnectTimeout.equals(that.fetchConnectTimeout)
                && fetchTimeout.equals(that.fetchTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                memoryPages,
                fuel,
                timeout,
                maxRequestBodyBytes,
                maxResponseBodyBytes,
                maxRequestHeaders,
                maxRequestHeaderBytes,
                maxResponseHeaders,
                maxResponseHeaderBytes,
                kvMaxValueBytes,
                kvMaxOperations,
                fetchMaxRequests,
                fetchMaxResponseBytes,
                fetchConnectTimeout,
                fetchTimeout);
    }

    @Override
    public String toString() {
        return "FunctionLimits[memoryPages=" + memoryPages
                + ", fuel=" + fuel
                + ", timeout=" + timeout
                + ", maxRequestBodyBytes=" + maxRequestBodyBytes
                + ", maxResponseBodyBytes=" + maxResponseBodyBytes
                + ", maxRequestHeaders=" + maxRequestHeaders
                + ", maxRequestHeaderBytes=" + maxRequestHeaderBytes
                + ", maxResponseHeaders=" + maxResponseHeaders
                + ", maxResponseHeaderBytes=" + maxResponseHeaderBytes
                + ", kvMaxValueBytes=" + kvMaxValueBytes
                + ", kvMaxOperations=" + kvMaxOperations
                + ", fetchMaxRequests=" + fetchMaxRequests
                + ", fetchMaxResponseBytes=" + fetchMaxResponseBytes
                + ", fetchConnectTimeout=" + fetchConnectTimeout
                + ", fetchTimeout=" + fetchTimeout + "]";
    }

    /** Builds {@link FunctionLimits}; {@link #build()} checks every value. */
    public static final class Builder {
        private int memoryPages = 2048;
        // A billion instructions: a fraction of a second of compiled CPU, hundreds of times what
        // a typical edge handler needs, so only runaway code meets it (see the README).
        private long fuel = 1_000_000_000L;
        private Duration timeout = Duration.ofSeconds(10);
        private long maxRequestBodyBytes = 10L << 20;
        private long maxResponseBodyBytes = 10L << 20;
        private int maxRequestHeaders = 100;
        private int maxRequestHeaderBytes = 64 << 10;
        private int maxResponseHeaders = 100;
        private int maxResponseHeaderBytes = 64 << 10;
        private int kvMaxValueBytes = 1 << 20;
        private int kvMaxOperations = 1_000;
        private int fetchMaxRequests = 16;
        private long fetchMaxResponseBytes = 10L << 20;
        private Duration fetchConnectTimeout = Duration.ofSeconds(5);
        private Duration fetchTimeout = Duration.ofSeconds(30);

        private Builder() {}

        public Builder memoryPages(int memoryPages) {
            this.memoryPages = memoryPages;
            return this;
        }

        public Builder fuel(long fuel) {
            this.fuel = fuel;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxRequestBodyBytes(long maxRequestBodyBytes) {
            this.maxRequestBodyBytes = maxRequestBodyBytes;
            return this;
        }

        public Builder maxResponseBodyBytes(long maxResponseBodyBytes) {
            this.maxResponseBodyBytes = maxResponseBodyBytes;
            return this;
        }

        public Builder maxRequestHeaders(int maxRequestHeaders) {
            this.maxRequestHeaders = maxRequestHeaders;
            return this;
        }

        public Builder maxRequestHeaderBytes(int maxRequestHeaderBytes) {
            this.maxRequestHeaderBytes = maxRequestHeaderBytes;
            return this;
        }

        public Builder maxResponseHeaders(int maxResponseHeaders) {
            this.maxResponseHeaders = maxResponseHeaders;
            return this;
        }

        public Builder maxResponseHeaderBytes(int maxResponseHeaderBytes) {
            this.maxResponseHeaderBytes = maxResponseHeaderBytes;
            return this;
        }

        public Builder kvMaxValueBytes(int kvMaxValueBytes) {
            this.kvMaxValueBytes = kvMaxValueBytes;
            return this;
        }

        public Builder kvMaxOperations(int kvMaxOperations) {
            this.kvMaxOperations = kvMaxOperations;
            return this;
        }

        public Builder fetchMaxRequests(int fetchMaxRequests) {
            this.fetchMaxRequests = fetchMaxRequests;
            return this;
        }

        public Builder fetchMaxResponseBytes(long fetchMaxResponseBytes) {
            this.fetchMaxResponseBytes = fetchMaxResponseBytes;
            return this;
        }

        public Builder fetchConnectTimeout(Duration fetchConnectTimeout) {
            this.fetchConnectTimeout = fetchConnectTimeout;
            return this;
        }

        public Builder fetchTimeout(Duration fetchTimeout) {
            this.fetchTimeout = fetchTimeout;
            return this;
        }

        /**
         * The limits.
         *
         * @throws IllegalArgumentException when a value is out of its range
         */
        public FunctionLimits build() {
            return new FunctionLimits(this);
        }
    }
}

package dev.edgehost.host;

import dev.edgehost.abi.Abi;
import dev.edgehost.host.capability.FetchImports;
import dev.edgehost.host.capability.HostCapabilities;
import dev.edgehost.host.capability.KvImports;
import dev.edgehost.host.capability.RequestImports;
import dev.edgehost.host.capability.ResponseImports;
import dev.edgehost.host.execution.ExecutionLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The hard limits one function runs under (ABI spec §8). Each limit is registered by the host
 * capability that enforces it; {@link #registry()} lists them all, and the typed accessors here
 * read the same values. Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 */
public final class FunctionLimits {
    private static final List<Limit> REGISTRY = register(allLimits());

    /** The largest memory cap a function may ask for: what the runtime can address. */
    public static final int MAX_MEMORY_PAGES = (int) ExecutionLimits.MEMORY_PAGES.max();
    /** The largest fuel budget a function may ask for. */
    public static final long MAX_FUEL = ExecutionLimits.FUEL.max();

    private static final FunctionLimits DEFAULTS = builder().build();

    private final long[] values;

    private FunctionLimits(long[] values) {
        this.values = values;
    }

    /** The execution's own limits first, then each capability's. */
    private static List<Limit> allLimits() {
        List<Limit> limits = new ArrayList<>(ExecutionLimits.LIMITS);
        limits.addAll(HostCapabilities.limits());
        return limits;
    }

    private static List<Limit> register(List<Limit> limits) {
        for (int i = 0; i < limits.size(); i++) {
            limits.get(i).register(i);
        }
        return List.copyOf(limits);
    }

    /** Every limit a function has, in the order the docs list them. */
    public static List<Limit> registry() {
        return REGISTRY;
    }

    /**
     * The limit with that deploy-parameter name.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static Limit limit(String name) {
        for (Limit limit : REGISTRY) {
            if (limit.name().equals(name)) {
                return limit;
            }
        }
        throw new IllegalArgumentException("unknown limit: " + name);
    }

    /** The host's defaults: 128 MiB memory, a billion fuel, 10 s, 10 MiB bodies, 100 headers in 64 KiB. */
    public static FunctionLimits defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** The value of a limit, in its unit. */
    public long get(Limit limit) {
        return values[limit.index()];
    }

    /** Linear-memory cap in bytes. */
    public long memoryBytes() {
        return (long) memoryPages() * Abi.PAGE_SIZE;
    }

    /** Linear-memory cap in 64 KiB pages; memory.grow past it fails. */
    public int memoryPages() {
        return (int) values[ExecutionLimits.MEMORY_PAGES.index()];
    }

    /** Fuel one request may use (about one unit per Wasm instruction, ABI spec §8.1); past it the guest stops with fuel_exhausted. */
    public long fuel() {
        return values[ExecutionLimits.FUEL.index()];
    }

    /** Wall-clock deadline of one request, from instantiation to the guest's return; past it the guest stops with timeout. */
    public Duration timeout() {
        return Duration.ofMillis(values[ExecutionLimits.TIMEOUT_MS.index()]);
    }

    /** The largest request body accepted; larger ones get 413. */
    public long maxRequestBodyBytes() {
        return values[RequestImports.MAX_REQUEST_BODY.index()];
    }

    /** The most request headers accepted; more get 431. */
    public int maxRequestHeaders() {
        return (int) values[RequestImports.MAX_REQUEST_HEADERS.index()];
    }

    /** The most bytes of request header names and values accepted; more get 431. */
    public int maxRequestHeaderBytes() {
        return (int) values[RequestImports.MAX_REQUEST_HEADER_BYTES.index()];
    }

    /** The largest response body a guest may write; resp_write past it returns -3. */
    public long maxResponseBodyBytes() {
        return values[ResponseImports.MAX_RESPONSE_BODY.index()];
    }

    /** The most response headers a guest may set; more return -3. */
    public int maxResponseHeaders() {
        return (int) values[ResponseImports.MAX_RESPONSE_HEADERS.index()];
    }

    /** The most bytes of response header names and values a guest may set; more return -3. */
    public int maxResponseHeaderBytes() {
        return (int) values[ResponseImports.MAX_RESPONSE_HEADER_BYTES.index()];
    }

    /** The largest value kv_set stores; larger ones return -3. */
    public int kvMaxValueBytes() {
        return (int) values[KvImports.KV_MAX_VALUE_BYTES.index()];
    }

    /** Key-value calls one request may make; more return -3. */
    public int kvMaxOperations() {
        return (int) values[KvImports.KV_MAX_OPERATIONS.index()];
    }

    /** Fetches one request may make; more return -3. */
    public int fetchMaxRequests() {
        return (int) values[FetchImports.FETCH_MAX_REQUESTS.index()];
    }

    /** The largest fetch response body accepted; larger ones fail with -5. */
    public long fetchMaxResponseBytes() {
        return values[FetchImports.FETCH_MAX_RESPONSE_BYTES.index()];
    }

    /** The longest a fetch may take to connect. */
    public Duration fetchConnectTimeout() {
        return Duration.ofMillis(values[FetchImports.FETCH_CONNECT_TIMEOUT_MS.index()]);
    }

    /** The longest one fetch may take in all, within the request's deadline. */
    public Duration fetchTimeout() {
        return Duration.ofMillis(values[FetchImports.FETCH_TIMEOUT_MS.index()]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FunctionLimits && Arrays.equals(values, ((FunctionLimits) other).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringJoiner joined = new StringJoiner(", ", "FunctionLimits[", "]");
        for (Limit limit : REGISTRY) {
            joined.add(limit.name() + "=" + values[limit.index()]);
        }
        return joined.toString();
    }

    /** Builds {@link FunctionLimits}; {@link #build()} checks every value against its limit's range. */
    public static final class Builder {
        private final long[] values;

        private Builder(long[] start) {
            if (start != null) {
                values = start.clone();
            } else {
                values = new long[REGISTRY.size()];
                for (Limit limit : REGISTRY) {
                    values[limit.index()] = limit.defaultValue();
                }
            }
        }

        /** Sets a limit by its registration, in its unit. */
        public Builder set(Limit limit, long value) {
            values[limit.index()] = value;
            return this;
        }

        public Builder memoryPages(int memoryPages) {
            return set(ExecutionLimits.MEMORY_PAGES, memoryPages);
        }

        public Builder fuel(long fuel) {
            return set(ExecutionLimits.FUEL, fuel);
        }

        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            return set(ExecutionLimits.TIMEOUT_MS, millis(timeout));
        }

        public Builder maxRequestBodyBytes(long maxRequestBodyBytes) {
            return set(RequestImports.MAX_REQUEST_BODY, maxRequestBodyBytes);
        }

        public Builder maxRequestHeaders(int maxRequestHeaders) {
            return set(RequestImports.MAX_REQUEST_HEADERS, maxRequestHeaders);
        }

        public Builder maxRequestHeaderBytes(int maxRequestHeaderBytes) {
            return set(RequestImports.MAX_REQUEST_HEADER_BYTES, maxRequestHeaderBytes);
        }

        public Builder maxResponseBodyBytes(long maxResponseBodyBytes) {
            return set(ResponseImports.MAX_RESPONSE_BODY, maxResponseBodyBytes);
        }

        public Builder maxResponseHeaders(int maxResponseHeaders) {
            return set(ResponseImports.MAX_RESPONSE_HEADERS, maxResponseHeaders);
        }

        public Builder maxResponseHeaderBytes(int maxResponseHeaderBytes) {
            return set(ResponseImports.MAX_RESPONSE_HEADER_BYTES, maxResponseHeaderBytes);
        }

        public Builder kvMaxValueBytes(int kvMaxValueBytes) {
            return set(KvImports.KV_MAX_VALUE_BYTES, kvMaxValueBytes);
        }

        public Builder kvMaxOperations(int kvMaxOperations) {
            return set(KvImports.KV_MAX_OPERATIONS, kvMaxOperations);
        }

        public Builder fetchMaxRequests(int fetchMaxRequests) {
            return set(FetchImports.FETCH_MAX_REQUESTS, fetchMaxRequests);
        }

        public Builder fetchMaxResponseBytes(long fetchMaxResponseBytes) {
            return set(FetchImports.FETCH_MAX_RESPONSE_BYTES, fetchMaxResponseBytes);
        }

        public Builder fetchConnectTimeout(Duration fetchConnectTimeout) {
            Objects.requireNonNull(fetchConnectTimeout, "fetchConnectTimeout");
            return set(FetchImports.FETCH_CONNECT_TIMEOUT_MS, millis(fetchConnectTimeout));
        }

        public Builder fetchTimeout(Duration fetchTimeout) {
            Objects.requireNonNull(fetchTimeout, "fetchTimeout");
            return set(FetchImports.FETCH_TIMEOUT_MS, millis(fetchTimeout));
        }

        /** A duration in whole milliseconds; out of every limit's range when negative or huge. */
        private static long millis(Duration duration) {
            if (duration.isNegative()) {
                return -1;
            }
            return duration.getSeconds() >= Long.MAX_VALUE / 1000 - 1 ? Long.MAX_VALUE : duration.toMillis();
        }

        /**
         * The limits.
         *
         * @throws IllegalArgumentException when a value is out of its limit's range
         */
        public FunctionLimits build() {
            for (Limit limit : REGISTRY) {
                limit.check(values[limit.index()]);
            }
            return new FunctionLimits(values.clone());
        }
    }
}

package dev.edgehost.host.kv;

import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.GuestBytes;
import dev.edgehost.host.capability.KvCapability;
import dev.edgehost.host.spi.RequestSpan;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A request's key-value calls, each told to the request's trace span with its operation, store and
 * outcome, never its key or value. Used by the request's thread.
 */
public final class TracedKv implements KvCapability {
    private final KvCapability kv;
    private final RequestSpan span;
    private final String store;

    /** @param store the store's name in spans: the shared store bound to the function, or the function's own name */
    public TracedKv(KvCapability kv, RequestSpan span, String store) {
        this.kv = kv;
        this.span = span;
        this.store = store;
    }

    @Override
    public byte[] get(GuestBytes key) {
        return traced("get", () -> kv.get(key), value -> value == null ? "miss" : "hit");
    }

    @Override
    public void set(GuestBytes key, GuestBytes value, int ttlSeconds) {
        traced("set", () -> {
            kv.set(key, value, ttlSeconds);
            return null;
        }, done -> "ok");
    }

    @Override
    public boolean delete(GuestBytes key) {
        return traced("delete", () -> kv.delete(key), deleted -> deleted ? "deleted" : "absent");
    }

    @Override
    public long increment(GuestBytes key, long delta, int ttlSeconds) {
        return traced("increment", () -> kv.increment(key, delta, ttlSeconds), value -> "ok");
    }

    @Override
    public List<byte[]> list(GuestBytes prefix, GuestBytes after, int limit) {
        return traced("list", () -> kv.list(prefix, after, limit), keys -> "ok");
    }

    private <T> T traced(String operation, Supplier<T> call, Function<T, String> outcome) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        String result = "failed";
        try {
            T value = call.get();
            result = outcome.apply(value);
            return value;
        } catch (AbiErrorException e) {
            result = e.code().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            span.kv(operation, store, result, started.getEpochSecond() * 1_000_000_000L + started.getNano(), System.nanoTime() - start);
        }
    }
}

package dev.edgehost.host.kv;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.GuestBytes;
import dev.edgehost.host.capability.HostWait;
import dev.edgehost.host.capability.KvCapability;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvNotAnIntegerException;
import dev.edgehost.host.spi.KvUnavailableException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One request's view of the key-value store (ABI spec §11): the function's namespace, the key,
 * value and operation limits, and the mapping of backend failures to ABI codes. A refused
 * operation changes nothing, and its key and value are never read. Used by the request's thread
 * only.
 */
public final class FunctionKv implements KvCapability {
    /** The longest key, fixed by the ABI. */
    public static final int MAX_KEY_BYTES = 512;

    private final KvBackend backend;
    private final String namespace;
    private final FunctionLimits limits;
    private final boolean remote;
    private int operations;

    public FunctionKv(KvBackend backend, String namespace, FunctionLimits limits) {
        this.backend = backend;
        this.remote = !KvCircuitBreaker.inProcess(backend);
        this.namespace = namespace;
        this.limits = limits;
    }

    /** The namespace of a function: a shared store if it is bound to one, else its own. */
    public static String namespace(String function, String sharedStore) {
        return KvBackend.namespace(function, sharedStore);
    }

    @Override
    public byte[] get(GuestBytes key) {
        checkOperation(key, 0);
        byte[] bytes = key.read();
        return call(() -> backend.get(namespace, bytes));
    }

    @Override
    public void set(GuestBytes key, GuestBytes value, int ttlSeconds) {
        checkOperation(key, ttlSeconds);
        if (value.length() > limits.kvMaxValueBytes()) {
            throw new AbiErrorException(
                    ErrorCode.LIMIT_EXCEEDED, "values may be at most " + limits.kvMaxValueBytes() + " bytes");
        }
        byte[] keyBytes = key.read();
        byte[] valueBytes = value.read();
        call(() -> {
            backend.set(namespace, keyBytes, valueBytes, ttlSeconds);
            return null;
        });
    }

    @Override
    public boolean delete(GuestBytes key) {
        checkOperation(key, 0);
        byte[] bytes = key.read();
        return call(() -> backend.delete(namespace, bytes));
    }

    @Override
    public long increment(GuestBytes key, long delta, int ttlSeconds) {
        checkOperation(key, ttlSeconds);
        byte[] bytes = key.read();
        try {
            return call(() -> backend.increment(namespace, bytes, delta, ttlSeconds));
        } catch (KvNotAnIntegerException e) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    @Override
    public List<byte[]> list(GuestBytes prefix, GuestBytes after, int limit) {
        countOperation();
        if (prefix.length() > MAX_KEY_BYTES || after.length() > MAX_KEY_BYTES) {
            throw new AbiErrorException(ErrorCode.LIMIT_EXCEEDED, "keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        byte[] prefixBytes = prefix.read();
        byte[] afterBytes = after.read();
        return call(() -> backend.list(namespace, prefixBytes, afterBytes, limit));
    }

    /** Operations made so far, refused ones included. */
    public int operations() {
        return operations;
    }

    private void checkOperation(GuestBytes key, int ttlSeconds) {
        countOperation();
        if (key.length() == 0 || ttlSeconds < 0) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "keys are not empty and expiries not negative");
        }
        if (key.length() > MAX_KEY_BYTES) {
            throw new AbiErrorException(ErrorCode.LIMIT_EXCEEDED, "keys are at most " + MAX_KEY_BYTES + " bytes");
        }
    }

    private void countOperation() {
        if (operations >= limits.kvMaxOperations()) {
            throw new AbiErrorException(
                    ErrorCode.LIMIT_EXCEEDED, "at most " + limits.kvMaxOperations() + " key-value operations per request");
        }
        operations++;
    }

    /** Runs a backend call; a call to a remote store gives the guest's worker back while it waits. */
    private <T> T call(Supplier<T> operation) {
        HostWait waiting = HostWait.beginIf(remote);
        try {
            return operation.get();
        } catch (KvUnavailableException e) {
            throw new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, e.getMessage());
        } finally {
            waiting.end();
        }
    }
}

package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.abiResult;
import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.Limit;
import dev.edgehost.host.fuel.FuelCosts;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The kv capability (ABI spec §11). The function's key-value namespace. It owns these imports,
 * their marshalling from guest memory and the limits they enforce. Stateless: the request's state
 * is found through {@link #bind}'s {@link CurrentRequest} at each call.
 */
public final class KvImports implements HostCapability {
    public static final Limit KV_MAX_VALUE_BYTES =
            Limit.of("kv-max-value-bytes", "kv", Limit.Unit.BYTES, 0, 64 << 20, 1 << 20,
                    "The largest value kv_set stores; a larger one returns -3.");
    public static final Limit KV_MAX_OPERATIONS =
            Limit.of("kv-max-operations", "kv", Limit.Unit.COUNT, 0, 1_000_000, 1_000,
                    "Key-value calls one request may make; every further call returns -3.");

    /** The limits this unit owns, in the order the docs list them. */
    public static final List<Limit> LIMITS = List.of(KV_MAX_VALUE_BYTES, KV_MAX_OPERATIONS);

    static final KvImports UNIT = new KvImports();

    private KvImports() {}

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public List<Limit> limits() {
        return LIMITS;
    }

    @Override
    public List<HostFunction> bind(CurrentRequest current) {
        return List.of(
                function(HostImport.KV_GET, (instance, args) -> kvGet(kv(current), paid(instance.memory(), current), args)),
                function(HostImport.KV_SET, (instance, args) -> kvSet(kv(current), paid(instance.memory(), current), args)),
                function(HostImport.KV_DELETE, (instance, args) -> kvDelete(kv(current), paid(instance.memory(), current), args)),
                function(HostImport.KV_INCR, (instance, args) -> kvIncr(kv(current), paid(instance.memory(), current), args)),
                function(HostImport.KV_LIST, (instance, args) -> kvList(kv(current), paid(instance.memory(), current), args)));
    }

    private static KvCapability kv(CurrentRequest current) {
        return current.capabilities().kv();
    }

    /** Every key-value call pays for its round trip to the store first (ABI spec §8.1). */
    private static GuestMemory paid(Memory memory, CurrentRequest current) {
        HostWork work = current.capabilities().work();
        work.charge(FuelCosts.HOST_KV_CALL);
        return new GuestMemory(memory, work);
    }

    /** {@code kv_get(key, key_len, buf, cap) -> i32}: ABI spec §11.1. */
    private static long[] kvGet(KvCapability kv, GuestMemory memory, long... args) {
        GuestBytes key = memory.range(arg(args, 0), arg(args, 1));
        int buf = arg(args, 2);
        int cap = arg(args, 3);
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(buf, cap);
        return abiResult(
                () -> {
                    byte[] value = kv.get(key);
                    return value == null ? ErrorCode.NOT_FOUND.value() : memory.writeResult(buf, cap, value);
                });
    }

    /** {@code kv_set(key, key_len, value, value_len, ttl_seconds) -> i32}: ABI spec §11.2. */
    private static long[] kvSet(KvCapability kv, GuestMemory memory, long... args) {
        GuestBytes key = memory.range(arg(args, 0), arg(args, 1));
        GuestBytes value = memory.range(arg(args, 2), arg(args, 3));
        return abiResult(
                () -> {
                    kv.set(key, value, arg(args, 4));
                    return 0;
                });
    }

    /** {@code kv_delete(key, key_len) -> i32}: ABI spec §11.3. */
    private static long[] kvDelete(KvCapability kv, GuestMemory memory, long... args) {
        GuestBytes key = memory.range(arg(args, 0), arg(args, 1));
        return abiResult(() -> kv.delete(key) ? 0 : ErrorCode.NOT_FOUND.value());
    }

    /** {@code kv_incr(key, key_len, delta: i64, ttl_seconds, out_ptr) -> i32}: ABI spec §11.4. */
    private static long[] kvIncr(KvCapability kv, GuestMemory memory, long... args) {
        GuestBytes key = memory.range(arg(args, 0), arg(args, 1));
        long delta = args[2];
        int out = arg(args, 4);
        memory.checkRange(out, Long.BYTES);
        return abiResult(
                () -> {
                    memory.writeLong(out, kv.increment(key, delta, arg(args, 3)));
                    return 0;
                });
    }

    /** {@code kv_list(prefix, prefix_len, after, after_len, buf, cap) -> i32}: ABI spec §11.5. */
    private static long[] kvList(KvCapability kv, GuestMemory memory, long... args) {
        GuestBytes prefix = memory.range(arg(args, 0), arg(args, 1));
        GuestBytes after = memory.range(arg(args, 2), arg(args, 3));
        int buf = arg(args, 4);
        int cap = arg(args, 5);
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(buf, cap);
        // Every entry takes at least 5 bytes, so no more keys than this can fit.
        int limit = Math.min(cap / 5 + 1, 1_024);
        return abiResult(
                () -> {
                    ByteArrayOutputStream entries = new ByteArrayOutputStream();
                    for (byte[] key : kv.list(prefix, after, limit)) {
                        memory.work().checkDeadline();
                        if (entries.size() + Integer.BYTES + key.length > cap) {
                            if (entries.size() == 0) {
                                return ErrorCode.LIMIT_EXCEEDED.value();
                            }
                            break;
                        }
                        entries.writeBytes(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(key.length).array());
                        entries.writeBytes(key);
                    }
                    memory.write(buf, entries.toByteArray());
                    return entries.size();
                });
    }
}

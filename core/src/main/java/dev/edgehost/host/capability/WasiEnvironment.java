package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;

import dev.edgehost.host.capability.WasiImports.WasiCall;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * The WASI functions of the process itself: arguments, environment, clocks, randomness and exit
 * (ABI spec §7). One per instance; the request's own state is its {@link WasiRequest}.
 */
final class WasiEnvironment {
    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME = 2;
    static final int CLOCK_THREAD_CPUTIME = 3;

    /** The monotonic clock counts from here, so that its values are never negative. */
    private static final long MONOTONIC_ORIGIN = System.nanoTime();

    private final WasiRequest request;

    WasiEnvironment(WasiRequest request) {
        this.request = request;
    }

    void register(Map<String, WasiCall> calls) {
        calls.put("args_sizes_get", (memory, a) -> sizes(memory, request.args(), arg(a, 0), arg(a, 1)));
        calls.put("args_get", (memory, a) -> strings(memory, request.args(), arg(a, 0), arg(a, 1)));
        calls.put("environ_sizes_get", (memory, a) -> sizes(memory, request.environment(), arg(a, 0), arg(a, 1)));
        calls.put("environ_get", (memory, a) -> strings(memory, request.environment(), arg(a, 0), arg(a, 1)));
        calls.put("clock_res_get", (memory, a) -> clockResolution(memory, arg(a, 0), arg(a, 1)));
        calls.put("clock_time_get", (memory, a) -> clockTime(memory, arg(a, 0), arg(a, 2)));
        calls.put("random_get", (memory, a) -> randomGet(memory, arg(a, 0), arg(a, 1)));
        calls.put(
                "proc_exit",
                (memory, a) -> {
                    throw new ProcExitException(arg(a, 0));
                });
        calls.put("proc_raise", (memory, a) -> WasiErrno.NOSYS);
        calls.put("sched_yield", (memory, a) -> WasiErrno.SUCCESS);
    }

    /** The monotonic clock, in nanoseconds. */
    static long monotonicNanos() {
        return System.nanoTime() - MONOTONIC_ORIGIN;
    }

    /** The time of a clock in nanoseconds, or -1 for a clock that does not exist. */
    static long now(EnvironmentCapability clock, int id) {
        switch (id) {
            case CLOCK_REALTIME:
                return clock.nowNanos();
            case CLOCK_MONOTONIC:
            case CLOCK_PROCESS_CPUTIME:
            case CLOCK_THREAD_CPUTIME:
                // A request has no CPU clock of its own; it sees the monotonic one.
                return monotonicNanos();
            default:
                return -1;
        }
    }

    /** {@code args_sizes_get} and {@code environ_sizes_get}: the count and the bytes with their NULs. */
    private static int sizes(GuestMemory memory, List<byte[]> strings, int countPtr, int bytesPtr) {
        memory.checkRange(countPtr, Integer.BYTES);
        memory.checkRange(bytesPtr, Integer.BYTES);
        memory.writeInt(countPtr, strings.size());
        memory.writeInt(bytesPtr, totalBytes(strings));
        return WasiErrno.SUCCESS;
    }

    /** {@code args_get} and {@code environ_get}: the pointers at {@code pointers}, the strings at {@code buffer}. */
    private static int strings(GuestMemory memory, List<byte[]> strings, int pointers, int buffer) {
        memory.checkRange(pointers, strings.size() * Integer.BYTES);
        memory.checkRange(buffer, totalBytes(strings));
        ByteBuffer addresses = ByteBuffer.allocate(strings.size() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] string : strings) {
            addresses.putInt(buffer + bytes.size());
            bytes.writeBytes(string);
            bytes.write(0);
        }
        memory.write(pointers, addresses.array());
        memory.write(buffer, bytes.toByteArray());
        return WasiErrno.SUCCESS;
    }

    private static int totalBytes(List<byte[]> strings) {
        int total = 0;
        for (byte[] string : strings) {
            total += string.length + 1;
        }
        return total;
    }

    private static int clockResolution(GuestMemory memory, int id, int resultPtr) {
        memory.checkRange(resultPtr, Long.BYTES);
        if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) {
            return WasiErrno.INVAL;
        }
        memory.writeLong(resultPtr, id == CLOCK_REALTIME ? 1_000 : 1);
        return WasiErrno.SUCCESS;
    }

    private int clockTime(GuestMemory memory, int id, int resultPtr) {
        memory.checkRange(resultPtr, Long.BYTES);
        long now = now(request.clock(), id);
        if (now < 0) {
            return WasiErrno.INVAL;
        }
        memory.writeLong(resultPtr, now);
        return WasiErrno.SUCCESS;
    }

    private int randomGet(GuestMemory memory, int buf, int len) {
        memory.fill(buf, len, request.clock()::fillRandom);
        return WasiErrno.SUCCESS;
    }
}

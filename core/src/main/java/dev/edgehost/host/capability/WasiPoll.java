package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;

import dev.edgehost.host.capability.WasiImports.WasiCall;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * WASI {@code poll_oneoff(in, out, nsubscriptions, nevents_ptr)} (ABI spec §7): clock
 * subscriptions sleep, up to the request's deadline and without charging for the time slept;
 * descriptor subscriptions are answered at once with {@code notsup} in their event. One per
 * request.
 */
final class WasiPoll {
    private static final int SUBSCRIPTION_BYTES = 48;
    private static final int EVENT_BYTES = 32;
    private static final int TAG_CLOCK = 0;
    private static final int TAG_FD_WRITE = 2;
    private static final int SUBCLOCK_ABSTIME = 1;

    private final WasiRequest request;

    WasiPoll(WasiRequest request) {
        this.request = request;
    }

    void register(Map<String, WasiCall> calls) {
        calls.put("poll_oneoff", (memory, a) -> poll(memory, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3)));
    }

    private int poll(GuestMemory memory, int in, int out, int count, int neventsPtr) {
        memory.checkRange(neventsPtr, Integer.BYTES);
        memory.checkArray(in, count, SUBSCRIPTION_BYTES);
        memory.checkArray(out, count, EVENT_BYTES);
        if (count == 0) {
            return WasiErrno.INVAL;
        }
        long[] userdata = new long[count];
        int[] tags = new int[count];
        // Per clock subscription: when it fires on the monotonic clock; -1 when it is answered at once.
        long[] wakes = new long[count];
        int[] errors = new int[count];
        long firstWake = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            memory.work().checkDeadline();
            ByteBuffer subscription = ByteBuffer.wrap(memory.read(in + i * SUBSCRIPTION_BYTES, SUBSCRIPTION_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            userdata[i] = subscription.getLong(0);
            tags[i] = subscription.get(8) & 0xFF;
            wakes[i] = -1;
            if (tags[i] > TAG_FD_WRITE) {
                return WasiErrno.INVAL;
            }
            if (tags[i] != TAG_CLOCK) {
                errors[i] = WasiErrno.NOTSUP;
                firstWake = Long.MIN_VALUE;
                continue;
            }
            long wake = wake(subscription.getInt(16), subscription.getLong(24), subscription.getShort(40) & SUBCLOCK_ABSTIME);
            if (wake < 0) {
                errors[i] = WasiErrno.INVAL;
                firstWake = Long.MIN_VALUE;
            } else {
                wakes[i] = wake;
                firstWake = Math.min(firstWake, wake);
            }
        }
        long now = WasiEnvironment.monotonicNanos();
        if (firstWake > now) {
            memory.work().sleep(firstWake - now);
            now = WasiEnvironment.monotonicNanos();
        }
        int events = 0;
        for (int i = 0; i < count; i++) {
            if (wakes[i] < 0 || wakes[i] <= now) {
                ByteBuffer event = ByteBuffer.allocate(EVENT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                event.putLong(0, userdata[i]).putShort(8, (short) errors[i]).put(10, (byte) tags[i]);
                memory.write(out + events * EVENT_BYTES, event.array());
                events++;
            }
        }
        memory.writeInt(neventsPtr, events);
        return WasiErrno.SUCCESS;
    }

    /** When a clock subscription fires, on the monotonic clock; -1 for a clock that does not exist. */
    private long wake(int clockId, long timeout, int absolute) {
        long now = WasiEnvironment.now(request.clock(), clockId);
        if (now < 0) {
            return -1;
        }
        long monotonicNow = WasiEnvironment.monotonicNanos();
        // Timeouts are unsigned; one past what a long holds is as good as never.
        long wait = absolute != 0 ? timeout - now : timeout;
        if (timeout < 0 || wait > Long.MAX_VALUE - monotonicNow) {
            return Long.MAX_VALUE;
        }
        return monotonicNow + Math.max(0, wait);
    }
}

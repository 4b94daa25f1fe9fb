package dev.edgehost.host.capability;

/**
 * A guest's thread giving back its place among the guests running Wasm while it waits in a host
 * call (a fetch, a remote key-value call, a body that is still arriving), and taking one back
 * before the guest runs again: the host bounds the guests that run Wasm at once, not the guests
 * that wait. The host binds a {@link Slot} to the thread that runs a request; host calls wrap
 * each wait that may block in {@link #begin()} and {@link #end()}:
 *
 * <pre>{@code
 * HostWait waiting = HostWait.begin();
 * try {
 *     future.get(...);
 * } finally {
 *     waiting.end();
 * }
 * }</pre>
 *
 * Waits nest: only the outermost gives the place back. On a thread with no slot (a test, a host
 * call outside a request) a wait is only a wait. Thread-safe: each thread has its own binding.
 */
public final class HostWait {
    /** What the request's thread does when its guest starts and stops waiting. */
    public interface Slot {
        /** Gives the guest's place among the guests running Wasm back to the host. */
        void suspend();

        /** Takes a place back, waiting for one if need be; waiting guests go before new requests. */
        void resume();

        /** How many subrequests deep this request is: 0 for a client's. */
        int subrequestDepth();
    }

    private static final ThreadLocal<HostWait> CURRENT = new ThreadLocal<>();
    private static final HostWait NONE = new HostWait(null);

    private final Slot slot;
    private int depth;

    private HostWait(Slot slot) {
        this.slot = slot;
    }

    /** Binds the request the calling thread runs now; {@link #unbind()} ends it. */
    public static void bind(Slot slot) {
        CURRENT.set(new HostWait(slot));
    }

    /** The calling thread runs no request any more. */
    public static void unbind() {
        CURRENT.remove();
    }

    /** The slot of the request the calling thread runs, or {@code null}. */
    public static Slot current() {
        HostWait wait = CURRENT.get();
        return wait == null ? null : wait.slot;
    }

    /** Starts a wait that may block only if {@code mayBlock}: one that returns at once keeps its place. */
    public static HostWait beginIf(boolean mayBlock) {
        return mayBlock ? begin() : NONE;
    }

    /** Starts a wait that may block: the guest's place goes back to the host until {@link #end()}. */
    public static HostWait begin() {
        HostWait wait = CURRENT.get();
        if (wait == null) {
            return NONE;
        }
        if (wait.depth++ == 0) {
            wait.slot.suspend();
        }
        return wait;
    }

    /** Ends the wait: the guest has its place back when this returns. */
    public void end() {
        if (slot != null && --depth == 0) {
            slot.resume();
        }
    }
}

package dev.edgehost.host.instances;

/**
 * Whether the guest running on this thread asked for memory past its cap since the request began:
 * a guest that traps after {@code memory.grow} was refused ran into its memory limit, as a memory
 * hog does, rather than into a bug of its own. A request runs on one thread from start to end, so
 * the flag is the thread's. Thread-safe: each thread sees only its own.
 */
public final class MemoryCap {
    private static final ThreadLocal<boolean[]> REFUSED = ThreadLocal.withInitial(() -> new boolean[1]);

    private MemoryCap() {}

    /** A request begins on this thread: nothing refused yet. */
    public static void clear() {
        REFUSED.get()[0] = false;
    }

    /** Whether a growth past the cap was refused on this thread since {@link #clear()}. */
    public static boolean refused() {
        return REFUSED.get()[0];
    }

    static void refuse() {
        REFUSED.get()[0] = true;
    }
}

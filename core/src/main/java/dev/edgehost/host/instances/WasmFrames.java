package dev.edgehost.host.instances;

import java.util.ArrayList;
import java.util.List;

/**
 * The Wasm functions a trap unwound through in the interpreter, innermost first, attached to the
 * trap as a suppressed exception by {@link TracingInterpreterMachine}. The compiler's traps carry
 * theirs in the JVM stack trace instead. Used by one thread.
 */
public final class WasmFrames extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Frames kept: a trap from deep recursion unwinds through thousands, and the innermost tell. */
    static final int MAX_FRAMES = 64;

    private final transient List<Integer> functions = new ArrayList<>();
    private int unrecorded;

    WasmFrames() {
        super("wasm frames", null, false, false);
    }

    void add(int function) {
        if (functions.size() < MAX_FRAMES) {
            functions.add(function);
        } else {
            unrecorded++;
        }
    }

    /** The function indices of the running module, innermost first. */
    public List<Integer> functions() {
        return List.copyOf(functions);
    }

    /** Frames beyond {@link #MAX_FRAMES}. */
    public int unrecorded() {
        return unrecorded;
    }

    /** The frames attached to a trap, or {@code null}. */
    public static WasmFrames of(Throwable trap) {
        for (Throwable suppressed : trap.getSuppressed()) {
            if (suppressed instanceof WasmFrames) {
                return (WasmFrames) suppressed;
            }
        }
        return null;
    }
}

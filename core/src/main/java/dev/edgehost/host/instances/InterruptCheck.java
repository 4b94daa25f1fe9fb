package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;

/**
 * The interpreter checks the interrupt flag only at calls and plain branches; this listener
 * checks it before every instruction, so a {@code br_if} loop stops at its deadline too.
 */
final class InterruptCheck {
    static final ExecutionListener LISTENER =
            (instruction, stack) -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ChicoryInterruptedException("deadline reached");
                }
            };

    private InterruptCheck() {}
}

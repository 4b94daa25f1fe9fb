package dev.edgehost.host.registry;

import dev.edgehost.host.compile.CompiledModule;
import java.util.Locale;

/**
 * Which code serves a large deployment that is compiled in the background: the interpreter until
 * its compile is done, then the compiled code; it stays on the interpreter if the compile fails
 * or runs past its budget. Thread-safe: every change is one synchronized step, and requests read
 * the code that serves in one volatile read.
 */
final class TierState {
    /** Where the background compile is. */
    enum Phase {
        QUEUED, COMPILING, READY, FAILED;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private volatile CompiledModule serving;
    private volatile Phase phase = Phase.QUEUED;
    private volatile String failure;
    private final long queuedAt = System.nanoTime();
    private volatile long startedAt;
    private volatile long finishedAt;

    TierState(CompiledModule interpreted) {
        this.serving = interpreted;
    }

    CompiledModule serving() {
        return serving;
    }

    synchronized void compiling() {
        if (phase == Phase.QUEUED) {
            phase = Phase.COMPILING;
            startedAt = System.nanoTime();
        }
    }

    /** The compiled code serves from now on; false when the compile had failed (run past its budget) meanwhile. */
    synchronized boolean ready(CompiledModule compiled) {
        if (phase != Phase.COMPILING) {
            return false;
        }
        serving = compiled;
        phase = Phase.READY;
        finishedAt = System.nanoTime();
        return true;
    }

    /** The interpreter keeps serving; false when the compile was over already. */
    synchronized boolean failed(String why) {
        if (phase == Phase.READY || phase == Phase.FAILED) {
            return false;
        }
        failure = why;
        phase = Phase.FAILED;
        finishedAt = System.nanoTime();
        return true;
    }

    /** What the function JSON shows of it, now. */
    synchronized TierInfo info() {
        long now = System.nanoTime();
        // Boxed in each branch: a mixed conditional would unbox the null of a compile that failed before it started.
        Long queuedMs = startedAt == 0 ? (phase == Phase.QUEUED ? Long.valueOf((now - queuedAt) / 1_000_000) : null)
                : Long.valueOf((startedAt - queuedAt) / 1_000_000);
        Long compileMs = startedAt == 0 ? null : ((finishedAt == 0 ? now : finishedAt) - startedAt) / 1_000_000;
        return new TierInfo(phase == Phase.READY ? TierInfo.COMPILED : TierInfo.INTERPRETER, phase.id(), queuedMs, compileMs, failure);
    }
}

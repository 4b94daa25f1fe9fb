package dev.edgehost.host.capability;

import com.dylibso.chicory.wasm.ChicoryException;

/**
 * WASI {@code proc_exit}: ends the guest where it is (ABI spec §7). Not a failure in itself: exit
 * code 0 ends the request normally.
 */
public final class ProcExitException extends ChicoryException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public ProcExitException(int exitCode) {
        super("the guest exited with code " + exitCode);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A control transfer, not an error: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

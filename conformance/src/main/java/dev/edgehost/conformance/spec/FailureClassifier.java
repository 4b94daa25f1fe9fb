package dev.edgehost.conformance.spec;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UnlinkableException;
import dev.edgehost.host.fuel.InstrumentationException;

/**
 * Maps what Chicory throws to the spec's classes of failure, which depend on when it is thrown.
 * Call stack exhaustion is a {@link ChicoryException} caused by a {@link StackOverflowError}.
 * While a function runs, every other {@link ChicoryException} is a trap: Chicory throws
 * {@code TrapException}, {@code WasmRuntimeException}, plain {@code ChicoryException}, and for an
 * out-of-bounds {@code table.set} even {@code UninstantiableException}. While a module is
 * instantiated, a trap (in the start function or a segment) makes it uninstantiable.
 */
final class FailureClassifier {
    private FailureClassifier() {}

    /** A failure while a module is parsed, validated, linked and instantiated. */
    static Outcome.Failed duringInstantiation(Throwable thrown) {
        FailureKind kind = kind(thrown);
        return failed(kind == FailureKind.TRAP ? FailureKind.UNINSTANTIABLE : kind, thrown);
    }

    /** A failure while an exported function runs or a global is read. */
    static Outcome.Failed duringAction(Throwable thrown) {
        return failed(kind(thrown), thrown);
    }

    private static Outcome.Failed failed(FailureKind kind, Throwable thrown) {
        String message = thrown.getMessage();
        return new Outcome.Failed(kind, thrown.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    private static FailureKind kind(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return FailureKind.EXHAUSTION;
            }
        }
        if (thrown instanceof UnlinkableException) {
            return FailureKind.UNLINKABLE;
        }
        if (thrown instanceof MalformedException) {
            return FailureKind.MALFORMED;
        }
        if (thrown instanceof InvalidException) {
            return FailureKind.INVALID;
        }
        if (thrown instanceof ChicoryException) {
            return FailureKind.TRAP;
        }
        if (thrown instanceof InstrumentationException) {
            return FailureKind.NOT_METERED;
        }
        if (thrown instanceof UnsupportedValueException) {
            return FailureKind.SCRIPT;
        }
        return FailureKind.CRASH;
    }
}

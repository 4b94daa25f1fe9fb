package dev.edgehost.host.fuel;

/** A module the instrumenter cannot meter: it uses an instruction or encoding outside Wasm 2.0. */
public final class InstrumentationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean proposal;

    InstrumentationException(String message) {
        this(message, false);
    }

    InstrumentationException(String message, boolean proposal) {
        super(message);
        this.proposal = proposal;
    }

    /** Whether the message names a Wasm proposal the module uses ({@link Proposals}), to be shown as it is. */
    public boolean namesProposal() {
        return proposal;
    }
}

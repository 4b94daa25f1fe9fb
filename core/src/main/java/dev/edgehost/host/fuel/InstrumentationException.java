package dev.edgehost.host.fuel;

/** A module the instrumenter cannot meter: it uses an instruction or encoding outside Wasm 2.0. */
public final class InstrumentationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InstrumentationException(String message) {
        super(message);
    }
}

package dev.edgehost.conformance.spec;

/** A script uses a value type that the runner does not run (v128 without SIMD support). */
final class UnsupportedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedValueException(String type) {
        super("unsupported value type " + type);
    }
}

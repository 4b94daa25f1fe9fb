package dev.edgehost.conformance.spec;

/** The classes of failure that the spec tells apart, and the ways the runner itself can fail. */
enum FailureKind {
    TRAP("trap"),
    EXHAUSTION("call stack exhaustion"),
    UNLINKABLE("unlinkable"),
    UNINSTANTIABLE("uninstantiable"),
    MALFORMED("malformed"),
    INVALID("invalid"),
    /** The fuel of an instrumented module ran out, which the spec tests must never do. */
    OUT_OF_FUEL("out of fuel"),
    /** The instrumenter refused a module that the spec says is valid. */
    NOT_METERED("not metered"),
    /** The script names a module or export that is not there, or a value type the runner does not run. */
    SCRIPT("script error"),
    /** Anything else thrown: a bug in Chicory, the instrumenter or the runner. */
    CRASH("crash");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Whether the kind rejects a module before it runs: malformed or invalid. */
    boolean rejects() {
        return this == MALFORMED || this == INVALID;
    }
}

package dev.edgehost.conformance.spec;

import java.util.List;

/**
 * An {@code invoke} of an exported function or a {@code get} of an exported global, in the named
 * module or, when {@code module} is null, in the last one instantiated.
 */
record SpecAction(Kind kind, String module, String field, List<SpecValue> args) {

    enum Kind {
        INVOKE,
        GET
    }

    SpecAction {
        args = List.copyOf(args);
    }

    @Override
    public String toString() {
        String target = (module == null ? "" : module + ".") + field;
        return kind == Kind.INVOKE ? "invoke " + target + args : "get " + target;
    }
}

package dev.edgehost.conformance.spec;

import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.stream.Collectors;

/** What one command did in one configuration: it completed, with its results, or it failed. */
sealed interface Outcome permits Outcome.Completed, Outcome.Failed {

    /** Whether two configurations behaved alike: the same results, or the same class of failure. */
    boolean sameAs(Outcome other);

    /**
     * The command completed; {@code values} are the raw results of an action, of the given
     * {@code types}, and both are empty for other commands.
     */
    record Completed(List<ValType> types, List<Long> values) implements Outcome {
        static final Completed NOTHING = new Completed(List.of(), List.of());

        public Completed {
            types = List.copyOf(types);
            values = List.copyOf(values);
            if (types.size() != values.size()) {
                throw new IllegalArgumentException(types.size() + " types for " + values.size() + " values");
            }
        }

        /**
         * The same values, where any two NaNs of a float type are the same: the spec leaves the
         * payload of a NaN result open, and HotSpot may pick either operand's NaN depending on
         * how it compiled the operation.
         */
        @Override
        public boolean sameAs(Outcome other) {
            if (!(other instanceof Completed) || !types.equals(((Completed) other).types)) {
                return false;
            }
            List<Long> otherValues = ((Completed) other).values;
            for (int i = 0; i < values.size(); i++) {
                if (!WasmValues.same(types.get(i), values.get(i), otherValues.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            if (values.isEmpty()) {
                return "completed";
            }
            return values.stream()
                    .map(value -> String.format("0x%x", value))
                    .collect(Collectors.joining(", ", "returned [", "]"));
        }
    }

    /** The command failed; {@code message} is what Chicory (or the runner) said. */
    record Failed(FailureKind kind, String message) implements Outcome {
        @Override
        public boolean sameAs(Outcome other) {
            return other instanceof Failed && kind == ((Failed) other).kind;
        }

        @Override
        public String toString() {
            return kind.label() + " (" + message + ")";
        }
    }
}

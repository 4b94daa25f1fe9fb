package dev.edgehost.conformance.spec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the spec expects of each command, and whether an outcome meets it. */
final class Expectations {
    private Expectations() {}

    /** The spec's expected result of a command, for messages. */
    static String expected(SpecCommand command) {
        switch (command.type()) {
            case ASSERT_RETURN:
                return command.expected().stream()
                        .map(SpecValue::toString)
                        .collect(Collectors.joining(", ", "returned [", "]"));
            case ASSERT_TRAP:
                return failure(FailureKind.TRAP, command);
            case ASSERT_EXHAUSTION:
                return failure(FailureKind.EXHAUSTION, command);
            case ASSERT_UNLINKABLE:
                return failure(FailureKind.UNLINKABLE, command);
            case ASSERT_UNINSTANTIABLE:
                return failure(FailureKind.UNINSTANTIABLE, command);
            case ASSERT_INVALID:
            case ASSERT_MALFORMED:
                return "rejected as malformed or invalid (" + command.text() + ")";
            default:
                return "completed";
        }
    }

    private static String failure(FailureKind kind, SpecCommand command) {
        return kind.label() + " (" + command.text() + ")";
    }

    /** What is wrong with an outcome, if anything. */
    static Optional<String> problem(SpecCommand command, Outcome outcome) {
        boolean met;
        switch (command.type()) {
            case ASSERT_RETURN:
                met = outcome instanceof Outcome.Completed
                        && returns(command.expected(), ((Outcome.Completed) outcome).values());
                break;
            case ASSERT_TRAP:
                met = failedWith(outcome, FailureKind.TRAP);
                break;
            case ASSERT_EXHAUSTION:
                met = failedWith(outcome, FailureKind.EXHAUSTION);
                break;
            case ASSERT_UNLINKABLE:
                met = failedWith(outcome, FailureKind.UNLINKABLE);
                break;
            case ASSERT_UNINSTANTIABLE:
                met = failedWith(outcome, FailureKind.UNINSTANTIABLE);
                break;
            case ASSERT_INVALID:
            case ASSERT_MALFORMED:
                met = outcome instanceof Outcome.Failed && ((Outcome.Failed) outcome).kind().rejects();
                break;
            default:
                met = outcome instanceof Outcome.Completed;
                break;
        }
        return met ? Optional.empty() : Optional.of(actual(command, outcome));
    }

    /** An outcome for messages, with results shown in the types the command expects. */
    static String actual(SpecCommand command, Outcome outcome) {
        if (command.type() != CommandType.ASSERT_RETURN || !(outcome instanceof Outcome.Completed)) {
            return outcome.toString();
        }
        List<Long> values = ((Outcome.Completed) outcome).values();
        StringBuilder text = new StringBuilder("returned [");
        for (int i = 0; i < values.size(); i++) {
            String type = i < command.expected().size() ? command.expected().get(i).type() : "";
            text.append(i == 0 ? "" : ", ").append(WasmValues.format(type, values.get(i)));
        }
        return text.append(']').toString();
    }

    private static boolean returns(List<SpecValue> expected, List<Long> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!WasmValues.matches(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean failedWith(Outcome outcome, FailureKind kind) {
        return outcome instanceof Outcome.Failed && ((Outcome.Failed) outcome).kind() == kind;
    }
}

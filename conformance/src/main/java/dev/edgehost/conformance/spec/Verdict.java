package dev.edgehost.conformance.spec;

import java.util.Optional;

/**
 * Judges one command in one configuration: it must do what the spec expects and, in a metered
 * configuration, the same as in the original one (the same results, or the same class of failure).
 */
final class Verdict {
    private Verdict() {}

    /** The mismatch, if the outcome is wrong; {@code original} is the outcome in the original configuration. */
    static Optional<Mismatch> judge(
            String wast, SpecCommand command, SpecConfiguration configuration, Outcome outcome, Outcome original) {
        Optional<String> problem;
        try {
            problem = Expectations.problem(command, outcome);
        } catch (UnsupportedValueException e) {
            problem = Optional.of(e.getMessage());
        }
        if (problem.isPresent()) {
            return Optional.of(mismatch(wast, command, configuration, Expectations.expected(command), problem.get()));
        }
        if (configuration.metered() && !outcome.sameAs(original)) {
            String expected = "the same as " + configuration.original() + ": " + Expectations.actual(command, original);
            return Optional.of(mismatch(wast, command, configuration, expected, Expectations.actual(command, outcome)));
        }
        return Optional.empty();
    }

    private static Mismatch mismatch(
            String wast, SpecCommand command, SpecConfiguration configuration, String expected, String actual) {
        return new Mismatch(wast, command.line(), configuration.toString(), command.toString(), expected, actual);
    }
}

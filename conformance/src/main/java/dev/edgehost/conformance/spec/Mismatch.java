package dev.edgehost.conformance.spec;

/**
 * A command that did not do what the spec expects in one configuration, or a metered run that did
 * not do what the original did; {@code line} is the command's line in the {@code .wast} file.
 */
public record Mismatch(String wast, int line, String configuration, String command, String expected, String actual) {

    @Override
    public String toString() {
        return wast + ":" + line + " [" + configuration + "] " + command
                + "\n    expected: " + expected
                + "\n    actual:   " + actual;
    }
}

package dev.edgehost.conformance.spec;

import java.util.List;

/**
 * One command of a converted script. Fields that a command type does not use are null (or empty
 * for {@code expected}): {@code name} is a module's {@code $name}, {@code filename} the module's
 * file beside the script, {@code textModule} whether that file is WAT rather than a binary,
 * {@code registerAs} the name a {@code register} command gives, {@code text} the expected error.
 */
record SpecCommand(
        CommandType type,
        int line,
        String name,
        String filename,
        boolean textModule,
        String registerAs,
        SpecAction action,
        List<SpecValue> expected,
        String text) {

    SpecCommand {
        expected = List.copyOf(expected);
    }

    @Override
    public String toString() {
        StringBuilder description = new StringBuilder(type.jsonName());
        if (action != null) {
            description.append(' ').append(action);
        }
        if (filename != null) {
            description.append(' ').append(filename);
        }
        if (registerAs != null) {
            description.append(" as ").append(registerAs);
        }
        return description.toString();
    }
}

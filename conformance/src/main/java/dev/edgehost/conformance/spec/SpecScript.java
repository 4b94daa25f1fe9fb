package dev.edgehost.conformance.spec;

import java.nio.file.Path;
import java.util.List;

/** A converted {@code .wast} file: its commands, and the folder that holds their module files. */
record SpecScript(String wastName, Path moduleDir, List<SpecCommand> commands) {

    SpecScript {
        commands = List.copyOf(commands);
    }

    Path moduleFile(SpecCommand command) {
        return moduleDir.resolve(command.filename());
    }
}

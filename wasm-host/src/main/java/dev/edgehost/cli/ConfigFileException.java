package dev.edgehost.cli;

import java.nio.file.Path;

/** A configuration file that cannot be used, with where and why: {@code edge-host.toml:7:1: port: ...}. */
final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigFileException(Path file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
    }

    ConfigFileException(Path file, String reason) {
        super(file + ": " + reason);
    }
}

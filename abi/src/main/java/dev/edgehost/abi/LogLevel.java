package dev.edgehost.abi;

/** Levels of the {@code log} host function (SPEC.md §6.1). */
public enum LogLevel {
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /** The level's value as a guest passes it. */
    public int value() {
        return ordinal();
    }

    /**
     * The level a guest passed.
     *
     * @throws IllegalArgumentException when the value names no level
     */
    public static LogLevel of(int value) {
        LogLevel[] levels = values();
        if (value < 0 || value >= levels.length) {
            throw new IllegalArgumentException("not a log level: " + value);
        }
        return levels[value];
    }
}

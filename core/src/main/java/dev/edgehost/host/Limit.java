package dev.edgehost.host;

import java.util.Locale;
import java.util.Objects;

/**
 * One function limit as the host registers it: its deploy-parameter name, range, default, unit
 * and help text. The deploy parameters, the stored settings, the CLI flags, {@code serve --help}
 * and the documentation's limit table are all derived from {@link FunctionLimits#registry()}.
 * Immutable.
 */
public final class Limit {

    /** What a limit's value counts. */
    public enum Unit {
        PAGES,
        FUEL,
        MILLISECONDS,
        BYTES,
        COUNT;

        /** The unit as the docs write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final String capability;
    private final Unit unit;
    private final long min;
    private final long max;
    private final long defaultValue;
    private final String help;
    private int index = -1;

    private Limit(String name, String capability, Unit unit, long min, long max, long defaultValue, String help) {
        this.name = Objects.requireNonNull(name, "name");
        this.capability = Objects.requireNonNull(capability, "capability");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.help = Objects.requireNonNull(help, "help");
        if (min > max || defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("limit " + name + " has an inconsistent range");
        }
        this.min = min;
        this.max = max;
        this.defaultValue = defaultValue;
    }

    /**
     * A limit owned by a host capability.
     *
     * @param name the deploy parameter, e.g. {@code kv-max-value-bytes}
     * @param capability the capability that enforces it, e.g. {@code kv}
     * @param help one sentence on what happens at the limit
     */
    public static Limit of(String name, String capability, Unit unit, long min, long max, long defaultValue, String help) {
        return new Limit(name, capability, unit, min, max, defaultValue, help);
    }

    /** Its position in the registry; set once when the registry is built. */
    int index() {
        return index;
    }

    void register(int position) {
        if (index >= 0) {
            throw new IllegalStateException("limit " + name + " is registered twice");
        }
        index = position;
    }

    /** The deploy parameter, stored-settings field and CLI name, e.g. {@code timeout-ms}. */
    public String name() {
        return name;
    }

    /** The host capability that owns and enforces it. */
    public String capability() {
        return capability;
    }

    public Unit unit() {
        return unit;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public long defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /**
     * The value, checked against the range.
     *
     * @throws IllegalArgumentException when it is out of range
     */
    long check(long value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}

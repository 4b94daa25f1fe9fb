package dev.edgehost.host;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a function is deployed with besides its code: limits, engine and the configuration its
 * guest reads through {@code config_get}. Immutable.
 */
public final class FunctionSettings {
    /** The most configuration entries one function may have. */
    public static final int MAX_CONFIG_ENTRIES = 256;
    /** The most bytes of one configuration key or value. */
    public static final int MAX_CONFIG_BYTES = 16 << 10;

    private final FunctionLimits limits;
    private final Engine engine;
    private final Map<String, String> config;

    private FunctionSettings(FunctionLimits limits, Engine engine, Map<String, String> config) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.engine = Objects.requireNonNull(engine, "engine");
        if (config.size() > MAX_CONFIG_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_CONFIG_ENTRIES + " config entries");
        }
        config.forEach(
                (key, value) -> {
                    if (key.isEmpty() || key.length() > MAX_CONFIG_BYTES || value.length() > MAX_CONFIG_BYTES) {
                        throw new IllegalArgumentException(
                                "config keys must be non-empty and keys and values at most " + MAX_CONFIG_BYTES
                                        + " characters: " + key);
                    }
                });
        this.config = Map.copyOf(config);
    }

    /** Default limits, the compiler, no configuration. */
    public static FunctionSettings defaults() {
        return of(FunctionLimits.defaults(), Engine.COMPILER, Map.of());
    }

    /**
     * Settings of the given parts.
     *
     * @throws IllegalArgumentException when the configuration is too large
     */
    public static FunctionSettings of(FunctionLimits limits, Engine engine, Map<String, String> config) {
        return new FunctionSettings(limits, engine, Objects.requireNonNull(config, "config"));
    }

    public FunctionLimits limits() {
        return limits;
    }

    public Engine engine() {
        return engine;
    }

    /** Configuration entries, sorted by key. */
    public Map<String, String> config() {
        return new TreeMap<>(config);
    }

    /** One configuration value, or {@code null}. */
    public String configValue(String key) {
        return config.get(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FunctionSettings
                && limits.equals(((FunctionSettings) other).limits)
                && engine == ((FunctionSettings) other).engine
                && config.equals(((FunctionSettings) other).config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limits, engine, config);
    }

    @Override
    public String toString() {
        return "FunctionSettings[limits=" + limits + ", engine=" + engine + ", config=" + config() + "]";
    }
}

package dev.edgehost.host;

import dev.edgehost.host.fetch.OriginAllowList;
import dev.edgehost.host.registry.FunctionNames;
import dev.edgehost.host.schedule.CronExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a function is deployed with besides its code: limits, engine, the configuration its guest
 * reads through {@code config_get}, the shared key-value store it is bound to (if any), the
 * origins it may fetch from, and how it runs: its {@link FunctionMode}, and in CGI mode the
 * program's arguments and how strictly its output is read; and the cron schedules it runs on.
 * Immutable; build with {@link #builder()}.
 */
public final class FunctionSettings {
    /** The most configuration entries one function may have. */
    public static final int MAX_CONFIG_ENTRIES = 256;
    /** The most bytes of one configuration key or value. */
    public static final int MAX_CONFIG_BYTES = 16 << 10;
    /** The most program arguments (after the program name) a CGI function may have. */
    public static final int MAX_ARGS = 256;
    /** The most characters of one program argument. */
    public static final int MAX_ARG_CHARS = 16 << 10;
    /** The most schedules one function may have. */
    public static final int MAX_SCHEDULES = 16;

    private static final FunctionSettings DEFAULTS = builder().build();

    private final FunctionLimits limits;
    private final Engine engine;
    private final Map<String, String> config;
    private final String kvStore;
    private final List<String> fetchAllowList;
    private final FunctionMode mode;
    private final List<String> args;
    private final CgiOutput cgiOutput;
    private final List<String> schedules;
    private final boolean fetchCache;

    private FunctionSettings(Builder builder) {
        this.limits = Objects.requireNonNull(builder.limits, "limits");
        this.engine = Objects.requireNonNull(builder.engine, "engine");
        if (builder.config.size() > MAX_CONFIG_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_CONFIG_ENTRIES + " config entries");
        }
        builder.config.forEach(
                (key, value) -> {
                    if (key.isEmpty() || key.length() > MAX_CONFIG_BYTES || value.length() > MAX_CONFIG_BYTES) {
                        throw new IllegalArgumentException(
                                "config keys must be non-empty and keys and values at most " + MAX_CONFIG_BYTES
                                        + " characters: " + key);
                    }
                });
        this.config = Map.copyOf(builder.config);
        if (builder.kvStore != null && !FunctionNames.isValid(builder.kvStore)) {
            throw new IllegalArgumentException(
                    "invalid key-value store name \"" + builder.kvStore + "\": " + FunctionNames.rule());
        }
        this.kvStore = builder.kvStore;
        OriginAllowList.parse(builder.fetchAllowList);
        this.fetchAllowList = List.copyOf(builder.fetchAllowList);
        this.mode = Objects.requireNonNull(builder.mode, "mode");
        if (builder.args.size() > MAX_ARGS) {
            throw new IllegalArgumentException("at most " + MAX_ARGS + " program arguments");
        }
        for (String arg : builder.args) {
            if (arg.length() > MAX_ARG_CHARS || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "a program argument is at most " + MAX_ARG_CHARS + " characters and has no NUL");
            }
        }
        this.args = List.copyOf(builder.args);
        this.cgiOutput = Objects.requireNonNull(builder.cgiOutput, "cgiOutput");
        if (builder.schedules.size() > MAX_SCHEDULES) {
            throw new IllegalArgumentException("at most " + MAX_SCHEDULES + " schedules");
        }
        List<String> schedules = new ArrayList<>();
        for (String schedule : builder.schedules) {
            String text = CronExpression.parse(schedule).text();
            if (schedules.contains(text)) {
                throw new IllegalArgumentException("schedule \"" + text + "\" is given more than once");
            }
            schedules.add(text);
        }
        this.schedules = List.copyOf(schedules);
        this.fetchCache = builder.fetchCache;
    }

    /** Default limits, the compiler, no configuration, a private key-value namespace, no fetches. */
    public static FunctionSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every one of these settings, to change some: the one place that copies
     * them, so that a setting added later cannot be left out of a copy.
     */
    public Builder toBuilder() {
        Builder builder = builder().limits(limits).engine(engine).kvStore(kvStore).mode(mode).cgiOutput(cgiOutput)
                .fetchCache(fetchCache);
        config.forEach(builder::config);
        fetchAllowList.forEach(builder::allowFetch);
        args.forEach(builder::arg);
        schedules.forEach(builder::schedule);
        return builder;
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

    /** The shared key-value store the function uses, or {@code null} for its own namespace. */
    public String kvStore() {
        return kvStore;
    }

    /** Origins the function may fetch from ({@code scheme://host[:port]}, {@code *.} for subdomains). */
    public List<String> fetchAllowList() {
        return fetchAllowList;
    }

    /** How the function runs; {@link FunctionMode#AUTO} (the default) lets the module's exports decide. */
    public FunctionMode mode() {
        return mode;
    }

    /** The program arguments of a CGI function, after its name ({@code argv[0]}), in order. */
    public List<String> args() {
        return args;
    }

    /** How a CGI function's output that begins with no header block is answered. */
    public CgiOutput cgiOutput() {
        return cgiOutput;
    }

    /** The five-field cron expressions (UTC) the function runs on, in the order given; empty for none. */
    public List<String> schedules() {
        return schedules;
    }

    /** Whether the function's GET and HEAD fetches go through the host's HTTP cache (deploy parameter {@code fetch-cache}); on by default. */
    public boolean fetchCache() {
        return fetchCache;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof FunctionSettings)) {
            return false;
        }
        FunctionSettings that = (FunctionSettings) other;
        return limits.equals(that.limits)
                && engine == that.engine
                && config.equals(that.config)
                && Objects.equals(kvStore, that.kvStore)
                && fetchAllowList.equals(that.fetchAllowList)
                && mode == that.mode
                && args.equals(that.args)
                && cgiOutput == that.cgiOutput
                && schedules.equals(that.schedules)
                && fetchCache == that.fetchCache;
    }

    @Override
    public int hashCode() {
        return Objects.hash(limits, engine, config, kvStore, fetchAllowList, mode, args, cgiOutput, schedules, fetchCache);
    }

    @Override
    public String toString() {
        return "FunctionSettings[limits=" + limits + ", engine=" + engine + ", config=" + config()
                + ", kvStore=" + kvStore + ", fetchAllowList=" + fetchAllowList + ", mode=" + mode + ", args=" + args
                + ", cgiOutput=" + cgiOutput + ", schedules=" + schedules + ", fetchCache=" + fetchCache + "]";
    }

    /** Builds {@link FunctionSettings}; {@link #build()} checks every value. */
    public static final class Builder {
        private FunctionLimits limits = FunctionLimits.defaults();
        private Engine engine = Engine.COMPILER;
        private final Map<String, String> config = new LinkedHashMap<>();
        private String kvStore;
        private final List<String> fetchAllowList = new ArrayList<>();
        private FunctionMode mode = FunctionMode.AUTO;
        private final List<String> args = new ArrayList<>();
        private CgiOutput cgiOutput = CgiOutput.LENIENT;
        private final List<String> schedules = new ArrayList<>();
        private boolean fetchCache = true;

        private Builder() {}

        public Builder limits(FunctionLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        /** Adds or replaces one configuration entry. */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Binds the function to a shared key-value store; {@code null} for its own namespace. */
        public Builder kvStore(String kvStore) {
            this.kvStore = kvStore;
            return this;
        }

        /** Allows fetches to an origin: {@code https://api.example.com}, {@code https://*.example.com:8443}. */
        public Builder allowFetch(String origin) {
            fetchAllowList.add(Objects.requireNonNull(origin, "origin"));
            return this;
        }

        /** How the function runs: {@link FunctionMode#AUTO} (the default), ABI or CGI. */
        public Builder mode(FunctionMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Adds one program argument of a CGI function, after those added before. */
        public Builder arg(String arg) {
            args.add(Objects.requireNonNull(arg, "arg"));
            return this;
        }

        /** How a CGI function's output that begins with no header block is answered; lenient by default. */
        public Builder cgiOutput(CgiOutput cgiOutput) {
            this.cgiOutput = Objects.requireNonNull(cgiOutput, "cgiOutput");
            return this;
        }

        /** Adds a five-field cron expression (UTC) to run the function on, after those added before. */
        public Builder schedule(String cron) {
            schedules.add(Objects.requireNonNull(cron, "cron"));
            return this;
        }

        /** Whether GET and HEAD fetches go through the host's HTTP cache; on by default. */
        public Builder fetchCache(boolean fetchCache) {
            this.fetchCache = fetchCache;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException when a value is malformed or out of range
         */
        public FunctionSettings build() {
            return new FunctionSettings(this);
        }
    }
}

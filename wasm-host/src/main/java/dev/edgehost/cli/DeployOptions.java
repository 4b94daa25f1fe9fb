package dev.edgehost.cli;

import dev.edgehost.host.CgiOutput;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Option;

/**
 * Every deploy parameter of the admin API as a flag, shared by {@code deploy} and {@code dev}:
 * {@code --engine}, {@code --config KEY=VALUE}, {@code --fetch-allow ORIGIN}, {@code --kv-store
 * NAME}, {@code --schedule CRON}; the limits are {@link LimitOptions}, mixed into the command itself so that their
 * per-limit flags can be added to it.
 */
final class DeployOptions {
    @Option(names = "--engine", paramLabel = "ENGINE", description = "compiler (default) or interpreter.")
    Engine engine;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A configuration entry the guest reads with config_get. Repeatable.")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--fetch-allow", paramLabel = "ORIGIN", description = "An origin the function may fetch from (https://api.example.com, https://*.example.com:8443). Repeatable; none by default: no fetches.")
    List<String> fetchAllow = new ArrayList<>();

    @Option(names = "--kv-store", paramLabel = "NAME", description = "Use the shared key-value store of this name instead of the function's own.")
    String kvStore;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "auto (default: cgi for a module exporting _start and no handle), abi, or cgi (a WASI command served as CGI).")
    FunctionMode mode;

    @Option(names = "--arg", paramLabel = "ARG", description = "A program argument of a CGI function, after its name. Repeatable, in order.")
    List<String> args = new ArrayList<>();

    @Option(
            names = "--cgi-output",
            paramLabel = "HOW",
            description = "lenient (default: output without a CGI header block is a plain-text body) or strict (it is a 502).")
    CgiOutput cgiOutput;

    @Option(
            names = "--schedule",
            paramLabel = "CRON",
            description = "Run the function on this five-field cron schedule, in UTC (\"*/5 * * * *\"). Repeatable.")
    List<String> schedules = new ArrayList<>();

    @Option(
            names = "--fetch-cache",
            paramLabel = "on|off",
            description = "on (default: GET and HEAD fetches go through the host's HTTP cache) or off (every fetch goes to its origin).")
    String fetchCache;

    /** The deploy query string with these options and the limits, {@code ?engine=...&...}, or empty when nothing was given. */
    String query(LimitOptions limits) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (engine != null) {
            query.add("engine=" + engine.name().toLowerCase(Locale.ROOT));
        }
        limits.given().forEach((limit, value) -> query.add(encode(limit) + "=" + value));
        config.forEach((key, value) -> query.add(encode("config." + key) + "=" + encode(value)));
        fetchAllow.forEach(origin -> query.add("fetch-allow=" + encode(origin)));
        if (kvStore != null) {
            query.add("kv-store=" + encode(kvStore));
        }
        if (mode != null) {
            query.add("mode=" + mode.name().toLowerCase(Locale.ROOT));
        }
        args.forEach(arg -> query.add("arg=" + encode(arg)));
        if (cgiOutput != null) {
            query.add("cgi-output=" + cgiOutput.name().toLowerCase(Locale.ROOT));
        }
        schedules.forEach(schedule -> query.add("schedule=" + encode(schedule)));
        if (fetchCache != null) {
            query.add("fetch-cache=" + encode(fetchCache));
        }
        return query.toString();
    }

    /**
     * These options and the limits as the settings of a function deployed in process, over the
     * host's defaults.
     *
     * @throws IllegalArgumentException when a value is malformed or out of range
     */
    FunctionSettings settings(LimitOptions limits) {
        return settings(limits, FunctionLimits.defaults());
    }

    /**
     * These options and the limits as the settings of a function deployed in process, over a
     * host's default limits.
     *
     * @throws IllegalArgumentException when a value is malformed or out of range
     */
    FunctionSettings settings(LimitOptions limits, FunctionLimits defaults) {
        FunctionSettings.Builder settings =
                FunctionSettings.builder().limits(limits.applyTo(defaults)).engine(engine == null ? Engine.COMPILER : engine);
        config.forEach(settings::config);
        fetchAllow.forEach(settings::allowFetch);
        settings.kvStore(kvStore);
        if (mode != null) {
            settings.mode(mode);
        }
        args.forEach(settings::arg);
        if (cgiOutput != null) {
            settings.cgiOutput(cgiOutput);
        }
        schedules.forEach(settings::schedule);
        if (fetchCache != null) {
            settings.fetchCache(onOrOff(fetchCache));
        }
        return settings.build();
    }

    /** {@code on} or {@code off}, as the deploy parameter {@code fetch-cache} takes it. */
    private static boolean onOrOff(String value) {
        if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("--fetch-cache must be on or off: " + value);
        }
        return value.equals("on");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

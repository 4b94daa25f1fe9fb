package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A function as the admin API describes it in JSON, in words for a person. */
final class FunctionText {
    private FunctionText() {}

    /** {@code 1.2 KiB}: sizes as people read them. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    /** {@code 2026-05-01 09:12:33}: the deploy time without its fractions and zone letter. */
    static String deployedAt(JsonNode function) {
        String at = function.path("deployedAt").asText("");
        String seconds = at.length() >= 19 ? at.substring(0, 19) : at;
        return seconds.replace('T', ' ');
    }

    /**
     * What the function is and how it runs, from the JSON's {@code kind} and {@code mode}:
     * {@code wasm} (an edge ABI guest), {@code wasm/cgi} (a WASI command served as CGI) or
     * {@code javascript} (a script in the host's JavaScript engine).
     */
    static String kind(JsonNode function) {
        String kind = function.path("kind").asText("wasm");
        return kind.equals("wasm") && function.path("mode").asText("abi").equals("cgi") ? "wasm/cgi" : kind;
    }

    /** The limits a person looks at first: memory, fuel and time, then any fetch and store bindings. */
    static String limits(JsonNode function) {
        JsonNode limits = function.path("limits");
        List<String> parts = new ArrayList<>();
        parts.add(limits.path("memory-pages").asLong() + " pages");
        parts.add("fuel " + compact(limits.path("fuel").asLong()));
        parts.add(limits.path("timeout-ms").asLong() + " ms");
        return String.join(", ", parts);
    }

    /** Where the function may reach: its fetch origins and shared store, or {@code -}. */
    static String reaches(JsonNode function) {
        List<String> parts = new ArrayList<>();
        function.path("fetchAllow").forEach(origin -> parts.add(origin.asText()));
        if (function.hasNonNull("kvStore")) {
            parts.add("kv:" + function.path("kvStore").asText());
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    /** {@code 100M}: a large count in short. */
    static String compact(long value) {
        if (value >= 1_000_000_000 && value % 1_000_000_000 == 0) {
            return value / 1_000_000_000 + "G";
        }
        if (value >= 1_000_000 && value % 1_000_000 == 0) {
            return value / 1_000_000 + "M";
        }
        if (value >= 1_000 && value % 1_000 == 0) {
            return value / 1_000 + "k";
        }
        return String.valueOf(value);
    }

    /**
     * One line on a deployed function: {@code deployed greeter (1.2 KiB, sha256 3b8fe8174485, compiler; 16 pages, ...)},
     * with its {@link #kind} first unless it is a plain {@code wasm} module.
     */
    static String deployed(JsonNode function, boolean created) {
        String kind = kind(function);
        return (created ? "deployed " : "replaced ") + function.path("name").asText() + " ("
                + (kind.equals("wasm") ? "" : kind + ", ")
                + size(function.path("size").asLong()) + ", sha256 " + function.path("sha256").asText().substring(0, 12) + ", "
                + function.path("engine").asText() + "; " + limits(function) + ")";
    }
}

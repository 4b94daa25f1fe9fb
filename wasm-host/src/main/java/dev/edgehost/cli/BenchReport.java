package dev.edgehost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench} measured, as text for people and as JSON ({@code --json}) with the same
 * numbers: times in the JSON are in microseconds ({@code Micros}) or milliseconds ({@code
 * Millis}), as their names say. Built by one thread.
 */
final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String LABEL = "%-34s";

    private final ObjectNode json = JSON.createObjectNode();
    private final StringBuilder text = new StringBuilder();

    BenchReport(String subject, Map<String, String> about) {
        json.put("subject", subject);
        about.forEach(json::put);
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        text.append("bench ").append(subject).append('\n');
    }

    void deploy(long nanos) {
        json.put("deployMillis", nanos / 1e6);
        line("deploy (check, meter, compile)", duration(nanos));
    }

    /** The instance times: the host's, and plain Chicory's or why there is none; {@code host} may be null too. */
    void instances(String hostLabel, Timings host, Timings plain, String plainMissing) {
        ObjectNode instance = json.putObject("instance");
        if (host != null) {
            instance.set("host", micros(host));
            line(hostLabel, percentiles(host) + "  (" + host.count() + ")");
        }
        if (plain != null) {
            instance.set("plain", micros(plain));
            double ratio = (double) host.p50() / plain.p50();
            instance.put("hostOverPlainP50", ratio);
            line("fresh instance, plain Chicory", percentiles(plain) + "  (" + plain.count() + ")");
            line("  host / plain Chicory, p50", String.format(Locale.ROOT, "%.2f", ratio));
        } else if (plainMissing != null) {
            instance.put("plainMissing", plainMissing);
            line("fresh instance, plain Chicory", "not measured: " + plainMissing);
        }
    }

    void requests(String what, LoadRun.Result load) {
        ObjectNode requests = json.putObject("requests");
        requests.put("request", what);
        requests.put("count", load.latency().count());
        requests.put("concurrency", load.concurrency());
        ObjectNode latency = requests.putObject("latencyMillis");
        latency.put("p50", load.latency().p50() / 1e6);
        latency.put("p90", load.latency().p90() / 1e6);
        latency.put("p99", load.latency().p99() / 1e6);
        latency.put("max", load.latency().max() / 1e6);
        requests.put("requestsPerSecond", load.requestsPerSecond());
        ObjectNode outcomes = requests.putObject("outcomes");
        load.outcomes().forEach(outcomes::put);
        line("requests", load.latency().count() + " x " + what + ", " + load.concurrency() + " at once");
        line("latency", percentiles(load.latency()));
        if (load.fuel().count() > 0) {
            ObjectNode fuel = requests.putObject("fuel");
            fuel.put("p50", load.fuel().p50());
            fuel.put("p90", load.fuel().p90());
            fuel.put("p99", load.fuel().p99());
            fuel.put("max", load.fuel().max());
            line("fuel", String.format(Locale.ROOT, "p50 %d  p90 %d  p99 %d  max %d",
                    load.fuel().p50(), load.fuel().p90(), load.fuel().p99(), load.fuel().max()));
        }
        line("throughput", String.format(Locale.ROOT, "%,.0f requests/s", load.requestsPerSecond()));
        StringBuilder counted = new StringBuilder();
        load.outcomes().forEach((outcome, count) -> counted.append(counted.length() == 0 ? "" : ", ").append(outcome).append(": ").append(count));
        line("outcomes", counted.toString());
    }

    String text() {
        return text.toString();
    }

    void print(PrintWriter out) {
        out.print(text);
        out.flush();
    }

    void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), json);
    }

    ObjectNode json() {
        return json;
    }

    private void line(String label, String value) {
        text.append("  ").append(String.format(Locale.ROOT, LABEL, label)).append(value).append('\n');
    }

    private static ObjectNode micros(Timings timings) {
        ObjectNode node = JSON.createObjectNode();
        node.put("count", timings.count());
        node.put("p50Micros", timings.p50() / 1e3);
        node.put("p90Micros", timings.p90() / 1e3);
        node.put("p99Micros", timings.p99() / 1e3);
        node.put("maxMicros", timings.max() / 1e3);
        return node;
    }

    private static String percentiles(Timings timings) {
        return "p50 " + duration(timings.p50()) + "  p90 " + duration(timings.p90()) + "  p99 " + duration(timings.p99())
                + "  max " + duration(timings.max());
    }

    /** A time in the unit that keeps it short: {@code 850 ns}, {@code 12.3 µs}, {@code 3.21 ms}, {@code 1.20 s}. */
    static String duration(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}

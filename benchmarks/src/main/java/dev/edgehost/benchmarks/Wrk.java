package dev.edgehost.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the wrk load generator against a loopback URL, bounded in time ({@code -d}) and in count
 * (a script stops each thread after its share of requests), and reads its summary.
 */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern P50 = Pattern.compile("\\s50%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: .*");
    private static final String STOP_AFTER =
            "local limit = tonumber(os.getenv(\"WRK_MAX_REQUESTS_PER_THREAD\"))\n"
                    + "local count = 0\n"
                    + "response = function(status, headers, body)\n"
                    + "  count = count + 1\n"
                    + "  if count >= limit then wrk.thread:stop() end\n"
                    + "end\n";

    /** One run: requests per second, median and p99 latency in milliseconds, and wrk's own output. */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, boolean errors, String output) {}

    private Wrk() {}

    static Result run(String url, int threads, int connections, int seconds, long maxRequests)
            throws IOException, InterruptedException {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("load tests only go to 127.0.0.1: " + url);
        }
        Path script = Files.createTempFile("wrk-stop-after", ".lua");
        try {
            Files.writeString(script, STOP_AFTER, StandardCharsets.UTF_8);
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                                            "--latency", "-s", script.toString(), url))
                            .redirectErrorStream(true);
            builder.environment().put("WRK_MAX_REQUESTS_PER_THREAD", Long.toString(Math.max(1, maxRequests / threads)));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("wrk did not stop");
            }
            return new Result(
                    number(RATE, output), millis(P50, output), millis(P99, output), ERRORS.matcher(output).find(), output);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static double number(Pattern pattern, String output) throws IOException {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IOException("unexpected wrk output:\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static double millis(Pattern pattern, String output) throws IOException {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IOException("unexpected wrk output:\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "us":
                return value / 1000;
            case "s":
                return value * 1000;
            default:
                return value;
        }
    }
}

package dev.edgehost.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench --url URL}: sends the requests to a running host over HTTP/1.1 with the JDK's
 * client, from as many threads and connections as requests run at once. The fuel and the
 * instantiation time come from each response's {@code server-timing} header, which the host's
 * responses carry (milliseconds with three decimals, so the instance time is to the microsecond).
 */
final class HttpBench {
    private static final Pattern FUEL = Pattern.compile("fuel;desc=\"(\\d+)\"");
    private static final Pattern INSTANTIATE = Pattern.compile("instantiate;dur=([0-9.]+)");

    /** What was measured; {@code hostInstance} is empty when no response said. */
    record Result(Timings hostInstance, LoadRun.Result load) {}

    private HttpBench() {}

    static Result run(URI url, InProcessBench.Plan plan, ProgressLine progress) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).method(plan.method(), HttpRequest.BodyPublishers.ofByteArray(plan.body()));
        plan.headers().forEach(header -> builder.header(header.getKey(), header.getValue()));
        HttpRequest request = builder.build();
        LoadRun.run(plan.warmup(), plan.concurrency(), sender(client, request, null), progress, "warming up");
        Queue<Long> instantiations = new ConcurrentLinkedQueue<>();
        LoadRun.Result load =
                LoadRun.run(plan.requests(), plan.concurrency(), sender(client, request, instantiations), progress, "requests");
        long[] instances = instantiations.stream().mapToLong(Long::longValue).toArray();
        return new Result(instances.length == 0 ? null : Timings.of(instances), load);
    }

    /** Sends the request; collects each response's instantiation time into {@code instantiations} unless it is null. */
    private static LoadRun.Request sender(HttpClient client, HttpRequest request, Queue<Long> instantiations) {
        return () -> {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            Optional<String> timing = response.headers().firstValue("server-timing");
            long fuel = timing.map(value -> number(FUEL, value)).map(Long::parseLong).orElse(-1L);
            if (instantiations != null) {
                timing.map(value -> number(INSTANTIATE, value))
                        .ifPresent(millis -> instantiations.add(Math.round(Double.parseDouble(millis) * 1e6)));
            }
            return new LoadRun.Answer(Integer.toString(response.statusCode()), fuel);
        };
    }

    private static String number(Pattern pattern, String header) {
        Matcher matcher = pattern.matcher(header);
        return matcher.find() ? matcher.group(1) : null;
    }
}

package dev.edgehost.cli;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code bench FILE}: deploys the function in a host of its own in this process, then measures
 * a fresh instance on the host's path (taken from the pool and restored, with its host functions
 * and fuel, as a request gets it) beside plain Chicory building one, and requests through
 * {@link EdgeHost#handle}. The host has at least as many workers as requests run at once.
 */
final class InProcessBench {
    /**
     * What was measured.
     *
     * @param deployNanos deploying: checking, metering, compiling and taking the snapshot
     * @param hostInstance a fresh instance on the host's path
     * @param plainInstance plain Chicory's build, or {@code null}, with the reason in {@code plainMissing}
     */
    record Result(long deployNanos, Timings hostInstance, Timings plainInstance, String plainMissing, LoadRun.Result load) {}

    /** What to send, and how much. */
    record Plan(
            String method, String path, List<Map.Entry<String, String>> headers, byte[] body, int warmup, int instances,
            int requests, int concurrency) {}

    private InProcessBench() {}

    static Result run(BenchInput input, FunctionSettings settings, Plan plan, ProgressLine progress) throws Exception {
        int workers = Math.max(4, plan.concurrency());
        try (EdgeHost host = EdgeHost.builder().workers(workers).queueSize(Math.max(1024, plan.concurrency())).build()) {
            long start = System.nanoTime();
            if (input.script()) {
                host.deployScript(input.name(), new String(input.code(), StandardCharsets.UTF_8), settings);
            } else {
                host.deploy(input.name(), input.code(), settings);
            }
            long deployNanos = System.nanoTime() - start;
            EdgeRequest request = request(input.name(), plan);
            LoadRun.Request send = () -> send(host, request);
            LoadRun.run(plan.warmup(), plan.concurrency(), send, progress, "warming up");

            StringBuilder why = new StringBuilder();
            PlainChicory plain = input.script()
                    ? null
                    : PlainChicory.of(input.code(), settings.engine(), why);
            if (input.script()) {
                why.append("a script runs in the bundled JavaScript engine; its instances are restored from the snapshot of its load");
            }
            Timings[] instances = instances(HostCore.of(host), input.name(), plain, plan, progress);
            LoadRun.Result load = LoadRun.run(plan.requests(), plan.concurrency(), send, progress, "requests");
            return new Result(deployNanos, instances[0], instances[1], plain == null ? why.toString() : null, load);
        }
    }

    private static EdgeRequest request(String name, Plan plan) {
        EdgeRequest.Builder request =
                EdgeRequest.builder(plan.method(), URI.create("http://localhost/" + name + plan.path())).body(plan.body());
        plan.headers().forEach(header -> request.header(header.getKey(), header.getValue()));
        return request.build();
    }

    private static LoadRun.Answer send(EdgeHost host, EdgeRequest request) {
        try {
            EdgeResponse response = host.handle(request);
            return new LoadRun.Answer(Integer.toString(response.status()), response.fuelUsed());
        } catch (EdgeException e) {
            return new LoadRun.Answer(e.error().status() + " " + e.error().code(), -1);
        }
    }

    /**
     * The host's fresh instances and plain Chicory's, one of each in turn so that a change in the
     * machine's load touches both alike; after warming both up.
     */
    private static Timings[] instances(HostCore host, String name, PlainChicory plain, Plan plan, ProgressLine progress) {
        EdgeRuntime runtime = host.runtime();
        Deployment deployment = host.deployment(name);
        for (int i = 0; i < plan.warmup(); i++) {
            runtime.instantiateOnly(deployment);
            if (plain != null) {
                plain.build();
            }
        }
        long[] hosted = new long[plan.instances()];
        long[] plainly = new long[plain == null ? 0 : plan.instances()];
        progress.reset();
        for (int i = 0; i < plan.instances(); i++) {
            long start = System.nanoTime();
            runtime.instantiateOnly(deployment);
            hosted[i] = System.nanoTime() - start;
            if (plain != null) {
                plainly[i] = plain.build();
            }
            progress.done();
            if (i % 256 == 0) {
                progress.show("fresh instances", plan.instances());
            }
        }
        progress.clear();
        return new Timings[] {Timings.of(hosted), plain == null ? null : Timings.of(plainly)};
    }
}

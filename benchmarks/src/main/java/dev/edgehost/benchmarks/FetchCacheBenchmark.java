package dev.edgehost.benchmarks;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.fetch.FunctionFetch;
import dev.edgehost.host.fetch.OriginAllowList;
import dev.edgehost.host.fetch.TraceParent;
import io.undertow.Undertow;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One fetch on the host's fetch layer, without a guest or a request around it: a GET answered by
 * the function's HTTP cache against one that goes to a loopback origin (which says {@code
 * no-store}), each read whole and closed, as a guest's {@code fetch}, {@code fetch_body_read} and
 * {@code fetch_close} do. {@code FanOutReport} (d) measures the same through guests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FetchCacheBenchmark {
    private final FunctionLimits limits = FunctionLimits.defaults();
    private final byte[] buffer = new byte[4096];
    private Undertow cacheable;
    private Undertow uncached;
    private FetchClients clients;
    private OriginAllowList allowList;
    private String hitUrl;
    private String missUrl;

    @Setup
    public void setUp() {
        cacheable = FanOutReport.origin(0, "max-age=3600");
        uncached = FanOutReport.origin(0, "no-store");
        clients = new FetchClients();
        allowList = OriginAllowList.parse(List.of(FanOutReport.base(cacheable), FanOutReport.base(uncached)));
        hitUrl = FanOutReport.base(cacheable) + "/data";
        missUrl = FanOutReport.base(uncached) + "/data";
        hit();
    }

    @TearDown
    public void tearDown() {
        clients.close();
        cacheable.stop();
        uncached.stop();
    }

    @Benchmark
    public int hit() {
        return fetch(hitUrl);
    }

    @Benchmark
    public int miss() {
        return fetch(missUrl);
    }

    private int fetch(String url) {
        FunctionFetch fetch = new FunctionFetch(
                clients, allowList, limits, "benchmark", TraceParent.continueOrStart(null),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(10), "fetch-cache-bench", (level, message) -> { }, true);
        int handle = fetch.fetch("GET", url, "", new byte[0]);
        FetchResponse response = fetch.response(handle);
        int read = response.readBody(buffer, 0, buffer.length);
        if (response.status() != 200 || read != FetchBenchmark.ORIGIN_BODY.length) {
            throw new IllegalStateException("the origin answered " + response.status() + " with " + read + " bytes");
        }
        fetch.close(handle);
        fetch.end();
        return read;
    }
}

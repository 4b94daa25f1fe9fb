package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgehost.host.spi.FetchCacheCounts;
import dev.edgehost.host.spi.RequestRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The fetch cache's results as the metric {@code edge_fetch_cache_total{function,result}}. */
class FetchCacheMetricsTest {

    private static RequestRecord record(FetchCacheCounts counts) {
        return new RequestRecord("r", "gateway", "abc", "GET", 200, 0, 0, 0, 0, 0, 0, 0, 3, null, null, null, 1, counts);
    }

    @Test
    void finished_countsEachResultOfTheFunction() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HostMetrics metrics = HostMetrics.in(registry);

        metrics.finished(record(new FetchCacheCounts(2, 1, 0, 0, 0)));
        metrics.finished(record(new FetchCacheCounts(1, 0, 1, 0, 1)));

        assertEquals(3, registry.get("edge.fetch.cache").tags("function", "gateway", "result", "hit").counter().count());
        assertEquals(1, registry.get("edge.fetch.cache").tags("function", "gateway", "result", "miss").counter().count());
        assertEquals(1, registry.get("edge.fetch.cache").tags("function", "gateway", "result", "revalidated").counter().count());
        assertEquals(1, registry.get("edge.fetch.cache").tags("function", "gateway", "result", "bypass").counter().count());
        assertNull(registry.find("edge.fetch.cache").tags("result", "stale").counter());
    }
}

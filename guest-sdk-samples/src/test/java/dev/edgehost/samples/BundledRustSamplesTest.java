package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The Rust samples as a host bundles them: deployed from {@code bundled.txt} with its settings. */
class BundledRustSamplesTest {

    @Test
    void bundledSamples_areDeployedWithTheirSettings() {
        try (SampleHost host = SampleHost.start(true)) {
            for (int i = 1; i <= 5; i++) {
                assertEquals(200, host.send(host.request("/rate-limit").header("x-client-id", "bundled").build()).statusCode());
            }
            assertEquals(429, host.send(host.request("/rate-limit").header("x-client-id", "bundled").build()).statusCode());

            // Both origins are the bundled geo function of this very host, whatever port it serves on.
            HttpResponse<String> summary = host.send(host.request("/api-gateway/summary/7").build());
            assertEquals(200, summary.statusCode(), summary::body);
            assertTrue(summary.body().startsWith("{\"user\":{\"country\":\"unknown\""), summary::body);
            assertTrue(summary.body().contains(",\"orders\":{\"country\":\"unknown\""), summary::body);
        }
    }
}

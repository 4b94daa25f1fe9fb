package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The JavaScript samples as a host bundles them: deployed as scripts from {@code bundled.txt} with their settings. */
class BundledJavaScriptSamplesTest {

    @Test
    void bundledScripts_areDeployedAndAnswer() {
        try (SampleHost host = SampleHost.start(true)) {
            HttpResponse<String> jwt = host.send(host.request("/js-jwt").build());
            assertEquals(401, jwt.statusCode(), jwt.body());

            HttpResponse<String> ab = host.send(host.request("/js-ab-test").build());
            assertEquals(200, ab.statusCode(), ab.body());
            assertTrue(ab.headers().firstValue("set-cookie").orElseThrow().startsWith("ab="));

            for (int i = 1; i <= 5; i++) {
                assertEquals(200, host.send(host.request("/js-rate-limit").header("x-client-id", "bundled").build()).statusCode());
            }
            assertEquals(429, host.send(host.request("/js-rate-limit").header("x-client-id", "bundled").build()).statusCode());

            HttpResponse<String> router = host.send(host.request("/js-router/nowhere").build());
            assertEquals(404, router.statusCode(), router.body());
        }
    }
}

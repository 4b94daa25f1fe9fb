package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz} answer on the public listener too, unless a function has the name. */
class PublicProbesTest {

    @Test
    void publicListener_probes_answerAsOnTheAdminListener() {
        try (TestHost host = TestHost.start(null)) {
            HttpResponse<String> ready = host.get("/readyz");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"status\":\"ready\"}", ready.body());
            HttpResponse<String> health = host.get("/healthz");
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());
            assertEquals(404, host.get("/metrics").statusCode(), "metrics name every function: not on the public port");
            assertEquals(404, host.get("/readyz/more").statusCode(), "only the exact paths");
        }
    }

    @Test
    void publicListener_functionNamedAsAProbe_winsItsPath() {
        try (TestHost host = TestHost.start(null)) {
            host.deployOrFail("healthz", TestHost.sample("hello"), "");
            HttpResponse<String> function = host.get("/healthz");
            assertEquals("Hello from the edge!\n", function.body());
            assertEquals(200, host.get("/readyz").statusCode(), "the other probe still answers");
            assertEquals("ok\n", host.admin("GET", "/healthz").body(), "the admin listener's probe is the host's");
            assertEquals(204, host.admin("DELETE", "/functions/healthz").statusCode());
            assertEquals("ok\n", host.get("/healthz").body());
        }
    }
}

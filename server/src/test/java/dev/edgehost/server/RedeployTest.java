package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A redeploy is atomic: a request in flight finishes on the version it started with. */
class RedeployTest {

    @Test
    void redeploy_requestInFlight_finishesOnTheOldVersion() throws Exception {
        try (TestHost host = TestHost.start(null)) {
            // Interpreted, so that the old version is still running when the new one lands.
            host.deployOrFail("fn", TestHost.slowGuest("v1", 20_000_000), "engine=interpreter&timeout-ms=60000");
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> host.get("/fn"));
            Thread.sleep(200);

            host.deployOrFail("fn", TestHost.slowGuest("v2", 1), "");

            assertEquals("v2", host.get("/fn").body());
            HttpResponse<String> old = inFlight.get(60, TimeUnit.SECONDS);
            assertEquals(200, old.statusCode(), old.body());
            assertEquals("v1", old.body());
        }
    }
}

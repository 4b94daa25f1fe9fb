package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the server lets requests in flight finish and send their responses. */
class ShutdownTest {

    @Test
    void close_requestInFlight_finishesWithItsResponse() throws Exception {
        TestHost host = TestHost.start(null);
        host.deployOrFail("slow", TestHost.slowGuest("ok", 20_000_000), "engine=interpreter&timeout-ms=60000");
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> host.get("/slow"));
        Thread.sleep(300);

        host.close();

        HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ok", response.body());
    }
}

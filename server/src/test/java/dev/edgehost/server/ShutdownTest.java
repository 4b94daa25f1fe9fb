package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the server lets every request in flight finish and send its response. */
class ShutdownTest {

    @Test
    void close_requestsInFlight_allFinishWithTheirResponses() throws Exception {
        TestHost host = TestHost.start(null, builder -> builder.workers(4));
        host.deployOrFail("slow", TestHost.slowGuest("ok", 4_000_000), "engine=interpreter&timeout-ms=60000");
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                inFlight.add(CompletableFuture.supplyAsync(() -> host.get("/slow"), clients));
            }
            Thread.sleep(500);

            host.close();

            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertEquals("ok", response.body());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void close_whileDraining_readinessSays503() throws Exception {
        TestHost host = TestHost.start(null, builder -> builder.workers(2));
        host.deployOrFail("slow", TestHost.slowGuest("ok", 4_000_000), "engine=interpreter&timeout-ms=60000");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> host.get("/slow"), clients);
            Thread.sleep(300);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(host::close, clients);

            HttpResponse<String> ready = host.admin("GET", "/readyz");
            for (int attempt = 0; ready.statusCode() == 200 && attempt < 100; attempt++) {
                Thread.sleep(10);
                ready = host.admin("GET", "/readyz");
            }

            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals("{\"status\":\"unready\",\"reasons\":[\"shutting down\"]}", ready.body());
            assertEquals("ok", inFlight.get(60, TimeUnit.SECONDS).body());
            closing.get(60, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission is bounded: past the workers and the queue, requests get 503 at once. */
class WorkerPoolTest {

    @Test
    void admission_everyWorkerBusyAndNoQueue_isOverloaded() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(1).queueSize(0))) {
            host.deployOrFail("loop", TestHost.sample("loop"), "timeout-ms=1500&fuel=" + FunctionLimits.MAX_FUEL);
            host.deployOrFail("hello", TestHost.sample("hello"), "");

            CompletableFuture<HttpResponse<String>> busy = occupyTheWorker(host);
            HttpResponse<String> refused = host.get("/hello");

            assertEquals(503, refused.statusCode());
            assertEquals("overloaded", TestHost.errorCode(refused));
            assertEquals(504, busy.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, host.get("/hello").statusCode(), "the worker is free again");
        }
    }

    /**
     * Starts the loop and waits until it holds the only worker, which shows as a hello refused.
     * The loop itself may lose the race for the worker to a probing hello; then it starts again.
     */
    private static CompletableFuture<HttpResponse<String>> occupyTheWorker(TestHost host) throws Exception {
        CompletableFuture<HttpResponse<String>> loop = CompletableFuture.supplyAsync(() -> host.get("/loop"));
        for (int attempt = 0; attempt < 500; attempt++) {
            if (loop.isDone() && loop.get().statusCode() == 503) {
                loop = CompletableFuture.supplyAsync(() -> host.get("/loop"));
            } else if (!loop.isDone() && host.get("/hello").statusCode() == 503) {
                return loop;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the loop never occupied the worker");
    }
}

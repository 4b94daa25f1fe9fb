package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Hostile guests run beside a well-behaved one, which keeps answering every request. */
class HostileGuestTest {

    @Test
    void hostileGuests_inParallel_wellBehavedFunctionKeepsAnswering() throws Exception {
        try (TestHost host = TestHost.start(null, builder -> builder.workers(6))) {
            host.deployOrFail("hello", TestHost.sample("hello"), "");
            host.deployOrFail("loop", TestHost.sample("loop"), "timeout-ms=400&fuel=" + FunctionLimits.MAX_FUEL);
            host.deployOrFail("burn", TestHost.sample("loop"), "fuel=50000000");
            host.deployOrFail("hog", TestHost.sample("memory-hog"), "memory-pages=256");
            host.deployOrFail("trap", TestHost.sample("trap"), "");

            AtomicBoolean hostileRunning = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(5);
            try {
                List<Future<List<Integer>>> hostile = new ArrayList<>();
                for (String function : List.of("/loop", "/hog", "/trap", "/burn")) {
                    hostile.add(clients.submit(() -> hammer(host, function, hostileRunning)));
                }
                List<Integer> wellBehaved = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    HttpResponse<String> response = host.get("/hello");
                    wellBehaved.add(response.statusCode());
                    assertEquals("Hello from the edge!\n", response.body());
                }
                hostileRunning.set(false);

                assertTrue(wellBehaved.stream().allMatch(status -> status == 200), wellBehaved.toString());
                assertTrue(hostile.get(0).get().stream().allMatch(status -> status == 504));
                assertTrue(hostile.get(1).get().stream().allMatch(status -> status == 500));
                assertTrue(hostile.get(2).get().stream().allMatch(status -> status == 500));
                assertTrue(hostile.get(3).get().stream().allMatch(status -> status == 503));
                assertTrue(hostile.stream().allMatch(future -> !getQuietly(future).isEmpty()), "each hostile guest ran");
            } finally {
                hostileRunning.set(false);
                clients.shutdown();
                assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
    }

    private static List<Integer> hammer(TestHost host, String path, AtomicBoolean running) {
        List<Integer> statuses = new ArrayList<>();
        do {
            statuses.add(host.get(path).statusCode());
        } while (running.get());
        return statuses;
    }

    private static List<Integer> getQuietly(Future<List<Integer>> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

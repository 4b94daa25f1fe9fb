package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The bundled {@code jwt-auth}, configured as shipped (its origin is the same host's {@code
 * echo}), under 64 concurrent clients on a real server: its fetches run in process as
 * subrequests and its waiting guests hold no worker, so no request times out and {@code hello}
 * on the same host keeps serving. Prints {@code hello}'s throughput alone and during the load.
 */
class SelfFetchUnderLoadTest {
    private static final String DEMO_TOKEN =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIiwibmFtZSI6IkRlbW8gVXNlciJ9"
                    + ".K7J2QBGvmiVv8mCEr0i4d0qRjlopVcUbcFIgpcvk0uM";
    private static final int CLIENTS = 64;
    private static final int HELLO_CLIENTS = 4;
    private static final long MEASURE_MILLIS = 3_000;

    @Test
    void jwtAuth_under64Clients_neverTimesOut_andHelloKeepsServing() throws Exception {
        try (SampleHost host = SampleHost.start(true)) {
            HttpRequest jwt = host.request("/jwt-auth/orders?x=1").header("authorization", "Bearer " + DEMO_TOKEN).build();
            HttpRequest hello = host.request("/hello").build();
            HttpResponse<String> first = host.send(jwt);
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.body().contains("x-edge-subrequest-depth: 1\n"), "echo ran as a subrequest: " + first.body());
            run(host, hello, HELLO_CLIENTS, MEASURE_MILLIS / 3, new AtomicBoolean());

            Map<Integer, LongAdder> helloAlone = run(host, hello, HELLO_CLIENTS, MEASURE_MILLIS, new AtomicBoolean());

            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, LongAdder> jwtStatuses = new ConcurrentHashMap<>();
            List<Thread> load = start(host, jwt, CLIENTS, jwtStatuses, stop);
            Thread.sleep(1_000);
            long jwtBefore = total(jwtStatuses);
            Map<Integer, LongAdder> helloDuring = run(host, hello, HELLO_CLIENTS, MEASURE_MILLIS, new AtomicBoolean());
            long jwtDuring = total(jwtStatuses) - jwtBefore;
            stop.set(true);
            for (Thread client : load) {
                client.join(TimeUnit.SECONDS.toMillis(30));
            }

            double aloneRate = count(helloAlone, 200) * 1000.0 / MEASURE_MILLIS;
            double duringRate = count(helloDuring, 200) * 1000.0 / MEASURE_MILLIS;
            System.out.printf("hello alone: %.0f req/s; hello during %d jwt-auth clients: %.0f req/s (%.2f of alone);"
                            + " jwt-auth meanwhile: %.0f req/s; jwt-auth statuses %s, hello statuses %s%n",
                    aloneRate, CLIENTS, duringRate, duringRate / aloneRate, jwtDuring * 1000.0 / MEASURE_MILLIS,
                    summary(jwtStatuses), summary(helloDuring));
            assertEquals(Map.of(200, total(jwtStatuses)), summary(jwtStatuses), "every jwt-auth request answered 200, none 504");
            assertEquals(Map.of(200, total(helloDuring)), summary(helloDuring), "every hello answered 200");
            assertTrue(duringRate > 0.05 * aloneRate,
                    "hello keeps serving beside the load: " + duringRate + " req/s against " + aloneRate + " alone");
        }
    }

    /** {@code clients} threads sending the request for {@code millis}; the statuses they got. */
    private static Map<Integer, LongAdder> run(SampleHost host, HttpRequest request, int clients, long millis, AtomicBoolean stop)
            throws InterruptedException {
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<Thread> threads = start(host, request, clients, statuses, stop);
        Thread.sleep(millis);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        return statuses;
    }

    private static List<Thread> start(SampleHost host, HttpRequest request, int clients, Map<Integer, LongAdder> statuses, AtomicBoolean stop) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    int status = host.send(request).statusCode();
                    statuses.computeIfAbsent(status, code -> new LongAdder()).increment();
                }
            });
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    private static long count(Map<Integer, LongAdder> statuses, int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    private static long total(Map<Integer, LongAdder> statuses) {
        return statuses.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<Integer, Long> summary(Map<Integer, LongAdder> statuses) {
        Map<Integer, Long> summary = new TreeMap<>();
        statuses.forEach((status, adder) -> summary.put(status, adder.sum()));
        return summary;
    }
}

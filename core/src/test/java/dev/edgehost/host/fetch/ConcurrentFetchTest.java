package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.testing.TestOrigin;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** fetch_start, fetch_wait and fetch_wait_any against a real local origin (ABI spec §12.7 to §12.9). */
class ConcurrentFetchTest {
    private final FetchClients clients = new FetchClients();
    private TestOrigin origin;

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
        origin.route("/fast", TestOrigin.answer(200, "fast"));
    }

    @AfterEach
    void stop() {
        origin.close();
        clients.close();
    }

    private FunctionFetch fetch(FunctionLimits limits) {
        return new FunctionFetch(
                clients, OriginAllowList.parse(List.of(origin.origin())), limits, "request-7", TraceParent.continueOrStart(null),
                System.nanoTime() + Duration.ofMinutes(1).toNanos());
    }

    private FunctionFetch fetch() {
        return fetch(FunctionLimits.defaults());
    }

    /** Answers after {@code millis}. */
    private static HttpHandler delayed(long millis, String body) {
        return exchange -> {
            Thread.sleep(millis);
            TestOrigin.send(exchange, 200, body);
        };
    }

    private static void assertRefused(ErrorCode code, Executable call) {
        AbiErrorException error = assertThrows(AbiErrorException.class, call);
        assertEquals(code, error.code(), error.getMessage());
    }

    private int start(FunctionFetch fetch, String path) {
        return fetch.start("GET", origin.origin() + path, "", new byte[0]);
    }

    @Test
    void start_threeDelayedFetches_runConcurrently() {
        origin.route("/slow", delayed(500, "slow"));
        FunctionFetch fetch = fetch();
        fetch.await(start(fetch, "/fast"));
        long begin = System.nanoTime();

        int[] handles = {start(fetch, "/slow"), start(fetch, "/slow"), start(fetch, "/slow")};
        for (int handle : handles) {
            fetch.await(handle);
            assertEquals(200, fetch.response(handle).status());
        }

        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(millis >= 500 && millis < 1_500, "three 500 ms answers took " + millis + " ms, one after another 1,500 ms");
    }

    @Test
    void awaitAny_givesTheIndexOfTheFirstReady() {
        origin.route("/slow", delayed(600, "slow"));
        FunctionFetch fetch = fetch();
        int slow = start(fetch, "/slow");
        int fast = start(fetch, "/fast");

        assertEquals(1, fetch.awaitAny(new int[] {slow, fast}, 5_000));
        assertEquals(0, fetch.awaitAny(new int[] {fast, slow}, 0), "the lowest ready index, without waiting");
        fetch.close(fast);
        assertEquals(0, fetch.awaitAny(new int[] {slow}, 5_000));
        assertEquals(200, fetch.response(slow).status());
    }

    @Test
    void awaitAny_nothingReadyInTime_givesMinusOne() {
        origin.route("/slow", delayed(1_000, "slow"));
        FunctionFetch fetch = fetch();
        int slow = start(fetch, "/slow");
        long begin = System.nanoTime();

        assertEquals(-1, fetch.awaitAny(new int[] {slow}, 100));

        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(millis >= 100 && millis < 900, "waited " + millis + " ms");
    }

    @Test
    void awaitAny_aFailedFetch_isReady() throws Exception {
        int port = closedPort();
        FunctionFetch fetch = new FunctionFetch(
                clients, OriginAllowList.parse(List.of("http://127.0.0.1:" + port)), FunctionLimits.defaults(), "r",
                TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofMinutes(1).toNanos());
        int failing = fetch.start("GET", "http://127.0.0.1:" + port + "/", "", new byte[0]);

        assertEquals(0, fetch.awaitAny(new int[] {failing}, 5_000));
        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.await(failing));
        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.response(failing).status());
        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.response(failing).readBody(new byte[1], 0, 1));
    }

    @Test
    void handles_unknownOrClosed_areBad() {
        FunctionFetch fetch = fetch();
        int handle = start(fetch, "/fast");
        fetch.close(handle);

        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.await(handle));
        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.await(0));
        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.awaitAny(new int[] {start(fetch, "/fast"), handle}, 0));
    }

    @Test
    void start_refusedAtOnce_asFetchIs() {
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchMaxRequests(3).build());

        assertRefused(ErrorCode.DENIED, () -> fetch.start("GET", "http://127.0.0.2:1/", "", new byte[0]));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> fetch.start("GET", "/relative", "", new byte[0]));
        assertRefused(ErrorCode.DENIED, () -> fetch.start("GET", origin.origin() + "/", "host: x", new byte[0]));
        start(fetch, "/fast");
        start(fetch, "/fast");
        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> start(fetch, "/fast"));
        assertEquals(3, fetch.fetches(), "a refused origin counts, as for fetch; malformed requests do not");
    }

    @Test
    void statusOfAPendingFetch_waitsForIt() {
        origin.route("/slow", delayed(300, "slow"));
        FunctionFetch fetch = fetch();
        int handle = start(fetch, "/slow");

        assertEquals(200, fetch.response(handle).status());
        byte[] body = new byte[16];
        assertEquals(4, fetch.response(handle).readBody(body, 0, 16));
    }

    @Test
    void end_cancelsFetchesInFlight_andTheOriginSeesItsConnectionClosed() throws Exception {
        CompletableFuture<Void> aborted = new CompletableFuture<>();
        origin.route("/stream", exchange -> {
            // Longer than a cache entry may be, so that the cache passes it through as it arrives.
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 2_000_000);
            OutputStream body = exchange.getOutputStream();
            try {
                for (int i = 0; i < 2_000; i++) {
                    body.write(new byte[1_000]);
                    body.flush();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                aborted.complete(null);
            }
        });
        FunctionFetch fetch = fetch();
        int handle = start(fetch, "/stream");
        fetch.await(handle);

        fetch.end();

        aborted.get(5, TimeUnit.SECONDS);
        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.await(handle));
    }

    @Test
    void awaitAny_interruptedByTheDeadline_stopsTheGuest() {
        origin.route("/slow", delayed(2_000, "slow"));
        FunctionFetch fetch = fetch();
        int handle = start(fetch, "/slow");
        Thread caller = Thread.currentThread();
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(caller::interrupt);

        assertThrows(ChicoryInterruptedException.class, () -> fetch.awaitAny(new int[] {handle}, 10_000));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the deadline to see");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

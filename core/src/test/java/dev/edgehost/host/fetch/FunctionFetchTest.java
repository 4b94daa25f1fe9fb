package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.testing.TestOrigin;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Fetches against a real local origin: allow-list, address policy, redirects, limits, tracing. */
class FunctionFetchTest {
    private static final String INCOMING_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    /** Test names: {@code *.example.test} resolves to loopback, {@code public.example.test} to a public address. */
    private static final Map<String, String> NAMES = Map.of("internal.example.test", "127.0.0.1", "public.example.test", "93.184.216.34");

    private TestOrigin origin;
    private final FetchClients clients = new FetchClients(FunctionFetchTest::resolve);

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = NAMES.get(host);
        if (address == null) {
            return InetAddress.getAllByName(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
    }

    @AfterEach
    void stopOrigin() {
        origin.close();
    }

    private FunctionFetch fetch(FunctionLimits limits, String... allowed) {
        return new FunctionFetch(
                clients,
                OriginAllowList.parse(List.of(allowed)),
                limits,
                "request-42",
                TraceParent.continueOrStart(INCOMING_TRACE),
                System.nanoTime() + Duration.ofMinutes(1).toNanos());
    }

    private FunctionFetch fetch(String... allowed) {
        return fetch(FunctionLimits.defaults(), allowed);
    }

    private static String body(FetchResponse response) {
        byte[] buffer = new byte[1 << 20];
        int total = 0;
        for (int read = response.readBody(buffer, 0, 7); read > 0; read = response.readBody(buffer, total, 7)) {
            total += read;
        }
        return new String(buffer, 0, total, StandardCharsets.UTF_8);
    }

    private static void assertRefused(ErrorCode code, Executable call) {
        AbiErrorException error = assertThrows(AbiErrorException.class, call);
        assertEquals(code, error.code(), error.getMessage());
    }

    @Test
    void fetch_allowedOrigin_returnsTheWholeResponse() {
        origin.route("/data", TestOrigin.answer(201, "hello there", "x-one", "1", "x-many", "a", "x-many", "b"));
        FunctionFetch fetch = fetch(origin.origin());

        int handle = fetch.fetch("POST", origin.origin() + "/data?q=1", "x-custom: yes\ncontent-type: text/plain", "payload".getBytes(StandardCharsets.UTF_8));

        FetchResponse response = fetch.response(handle);
        assertTrue(handle > 0);
        assertEquals(201, response.status());
        assertEquals("1", response.header("x-one"));
        assertEquals("a, b", response.header("x-many"));
        assertTrue(response.headerLines().contains("x-many: a\nx-many: b\n"), response.headerLines());
        assertEquals("hello there", body(response));
        TestOrigin.Received received = origin.received().get(0);
        assertEquals("POST", received.method());
        assertEquals("/data?q=1", received.path());
        assertEquals("yes", received.header("x-custom"));
        assertEquals("payload", new String(received.body(), StandardCharsets.UTF_8));
    }

    @Test
    void fetch_propagatesRequestIdAndTraceWithANewSpan() {
        origin.route("/", TestOrigin.answer(200, ""));
        FunctionFetch fetch = fetch(origin.origin());

        fetch.fetch("GET", origin.origin() + "/", "", new byte[0]);
        fetch.fetch("GET", origin.origin() + "/", "", new byte[0]);

        assertEquals("request-42", origin.received().get(0).header("x-request-id"));
        String first = origin.received().get(0).header("traceparent");
        String second = origin.received().get(1).header("traceparent");
        assertTrue(first.matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"), first);
        assertTrue(!first.equals(second) && !first.contains("00f067aa0ba902b7"), "a new span per fetch");
    }

    @Test
    void fetch_originNotOnTheList_isDenied() {
        assertRefused(ErrorCode.DENIED, () -> fetch().fetch("GET", origin.origin() + "/", "", new byte[0]));
        assertRefused(ErrorCode.DENIED, () -> fetch("http://127.0.0.1:1").fetch("GET", origin.origin() + "/", "", new byte[0]));
        assertRefused(ErrorCode.DENIED, () -> fetch("https://127.0.0.1:" + origin.port()).fetch("GET", origin.origin() + "/", "", new byte[0]));
        assertTrue(origin.received().isEmpty());
    }

    @Test
    void fetch_wildcardHostResolvingToAPrivateAddress_isDenied() {
        FunctionFetch fetch = fetch("http://*.example.test:" + origin.port());

        assertRefused(ErrorCode.DENIED, () -> fetch.fetch("GET", "http://internal.example.test:" + origin.port() + "/", "", new byte[0]));
        assertTrue(origin.received().isEmpty());
    }

    @Test
    void fetch_redirectToAPrivateAddress_isDenied() {
        origin.route("/hop", TestOrigin.answer(302, "", "location", "http://internal.example.test:" + origin.port() + "/secret"));
        origin.route("/secret", TestOrigin.answer(200, "secret"));
        FunctionFetch fetch = fetch(origin.origin(), "http://*.example.test:" + origin.port());

        assertRefused(ErrorCode.DENIED, () -> fetch.fetch("GET", origin.origin() + "/hop", "", new byte[0]));
        assertEquals(1, origin.received().size(), "the secret was never asked for");
    }

    @Test
    void fetch_redirectWithinTheOrigin_isFollowedAndSeeOtherBecomesGet() {
        origin.route("/start", TestOrigin.answer(303, "", "location", "/end"));
        origin.route("/end", TestOrigin.answer(200, "arrived"));

        FunctionFetch fetch = fetch(origin.origin());
        FetchResponse response = fetch.response(fetch.fetch("POST", origin.origin() + "/start", "", "x".getBytes(StandardCharsets.UTF_8)));

        assertEquals(200, response.status());
        assertEquals("arrived", body(response));
        assertEquals("GET", origin.received().get(1).method());
    }

    @Test
    void fetch_redirectLoop_failsUpstream() {
        origin.route("/loop", TestOrigin.answer(307, "", "location", "/loop"));

        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch(origin.origin()).fetch("GET", origin.origin() + "/loop", "", new byte[0]));
        assertEquals(6, origin.received().size());
    }

    @Test
    void fetch_pastTheLimit_isRefused() {
        origin.route("/", TestOrigin.answer(200, ""));
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchMaxRequests(2).build(), origin.origin());
        fetch.fetch("GET", origin.origin() + "/", "", new byte[0]);
        fetch.fetch("GET", origin.origin() + "/", "", new byte[0]);

        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> fetch.fetch("GET", origin.origin() + "/", "", new byte[0]));
    }

    @Test
    void fetch_responseOverTheLimit_failsUpstream() {
        origin.route("/big", TestOrigin.answer(200, "x".repeat(2_000)));
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchMaxResponseBytes(1_000).build(), origin.origin());

        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.fetch("GET", origin.origin() + "/big", "", new byte[0]));
    }

    @Test
    void fetch_slowOrigin_timesOut() {
        origin.route("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestOrigin.send(exchange, 200, "");
        });
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchTimeout(Duration.ofMillis(200)).build(), origin.origin());

        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.fetch("GET", origin.origin() + "/slow", "", new byte[0]));
    }

    @Test
    void fetch_nothingListening_failsUpstream() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;

        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch("http://127.0.0.1:" + port).fetch("GET", "http://127.0.0.1:" + port + "/", "", new byte[0]));
    }

    @Test
    void fetch_malformedInput_isInvalid() {
        FunctionFetch fetch = fetch(origin.origin());

        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> fetch.fetch("G ET", origin.origin() + "/", "", new byte[0]));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> fetch.fetch("GET", "ftp://127.0.0.1/", "", new byte[0]));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> fetch.fetch("GET", "/relative", "", new byte[0]));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> fetch.fetch("GET", origin.origin() + "/", "no colon", new byte[0]));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> fetch.fetch("GET", origin.origin() + "/", "x-a: b\rc", new byte[0]));
    }

    @Test
    void fetch_hostOwnedHeader_isDenied() {
        for (String header : RequestHeaderLines.HOST_OWNED) {
            assertRefused(ErrorCode.DENIED, () -> fetch(origin.origin()).fetch("GET", origin.origin() + "/", header + ": x", new byte[0]));
        }
    }

    @Test
    void handles_unknownOrClosed_areBad() {
        origin.route("/", TestOrigin.answer(200, ""));
        FunctionFetch fetch = fetch(origin.origin());
        int handle = fetch.fetch("GET", origin.origin() + "/", "", new byte[0]);

        fetch.close(handle);

        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.response(handle));
        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.close(handle));
        assertRefused(ErrorCode.BAD_HANDLE, () -> fetch.response(0));
    }

    @Test
    void fetch_originTricklingItsBody_isCutOffAtTheFetchTimeout() {
        origin.route("/trickle", TestOrigin.trickle(50, Duration.ofMillis(200)));
        FunctionFetch fetch = fetch(FunctionLimits.builder().fetchTimeout(Duration.ofSeconds(1)).build(), origin.origin());
        long start = System.nanoTime();

        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.fetch("GET", origin.origin() + "/trickle", "", new byte[0]));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900 && millis < 1_800, "cut off after " + millis + " ms");
    }

    @Test
    void fetch_originTricklingItsBody_isCutOffAtTheRequestDeadline() {
        origin.route("/trickle", TestOrigin.trickle(50, Duration.ofMillis(200)));
        FunctionFetch fetch =
                new FunctionFetch(
                        clients, OriginAllowList.parse(List.of(origin.origin())), FunctionLimits.defaults(), "request-42",
                        TraceParent.continueOrStart(INCOMING_TRACE), System.nanoTime() + Duration.ofSeconds(1).toNanos());
        long start = System.nanoTime();

        assertRefused(ErrorCode.UPSTREAM_FAILURE, () -> fetch.fetch("GET", origin.origin() + "/trickle", "", new byte[0]));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1_800, "cut off after " + millis + " ms, with a fetch timeout of 30 s");
    }

    @Test
    void fetch_interruptedWhileTheBodyTrickles_stopsTheGuest() {
        origin.route("/trickle", TestOrigin.trickle(50, Duration.ofMillis(200)));
        FunctionFetch fetch = fetch(origin.origin());
        Thread caller = Thread.currentThread();
        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(caller::interrupt);
        long start = System.nanoTime();

        assertThrows(ChicoryInterruptedException.class, () -> fetch.fetch("GET", origin.origin() + "/trickle", "", new byte[0]));

        assertTrue(Thread.interrupted(), "the interrupt is kept for the deadline to see");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
    }

    @Test
    void fetch_interruptedByTheDeadline_stopsTheGuest() throws Exception {
        origin.route("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestOrigin.send(exchange, 200, "");
        });
        FunctionFetch fetch = fetch(origin.origin());
        Thread caller = Thread.currentThread();
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(caller::interrupt);

        assertThrows(ChicoryInterruptedException.class, () -> fetch.fetch("GET", origin.origin() + "/slow", "", new byte[0]));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the deadline to see");
    }
}

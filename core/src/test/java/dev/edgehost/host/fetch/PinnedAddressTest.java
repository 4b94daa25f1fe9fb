package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.testing.TestOrigin;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a name is resolved once, by the connection, and the connection goes to that
 * answer's address, so a resolver whose second answer is a refused address never gets it used.
 */
class PinnedAddressTest {
    private TestOrigin origin;
    private FetchClients clients;
    private final AtomicInteger lookups = new AtomicInteger();

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
        origin.route("/", TestOrigin.answer(200, "secret"));
    }

    @AfterEach
    void stop() {
        origin.close();
        clients.close();
    }

    /** A resolver answering {@code first} once and loopback (where the origin listens) ever after. */
    private void resolveFirstTo(String first) {
        clients = new FetchClients(host -> new InetAddress[] {
            InetAddress.getByName(lookups.getAndIncrement() == 0 ? first : "127.0.0.1")
        });
    }

    private AbiErrorException fetchRebound() {
        FunctionFetch fetch = new FunctionFetch(
                clients, OriginAllowList.parse(List.of("http://*.example.test:" + origin.port())),
                FunctionLimits.builder().fetchConnectTimeout(Duration.ofMillis(500)).fetchTimeout(Duration.ofSeconds(5)).build(),
                "request-1", TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofMinutes(1).toNanos());
        return assertThrows(AbiErrorException.class,
                () -> fetch.fetch("GET", "http://rebind.example.test:" + origin.port() + "/", "", new byte[0]));
    }

    @Test
    void fetch_publicFirstAnswerThenLoopback_connectsOnlyToTheFirstAnswer() {
        resolveFirstTo("203.0.113.7");

        AbiErrorException failure = fetchRebound();

        assertEquals(ErrorCode.UPSTREAM_FAILURE, failure.code(), failure.getMessage());
        assertEquals(1, lookups.get(), "the name is resolved once, by the connection");
        assertTrue(origin.received().isEmpty(), "the refused loopback address was never connected to");
    }

    @Test
    void fetch_refusedFirstAnswer_isDeniedWhereTheConnectionResolves() {
        resolveFirstTo("10.0.0.1");

        AbiErrorException failure = fetchRebound();

        assertEquals(ErrorCode.DENIED, failure.code(), failure.getMessage());
        assertEquals("rebind.example.test resolves to a non-public address", failure.getMessage());
        assertEquals(1, lookups.get());
        assertTrue(origin.received().isEmpty());
    }
}

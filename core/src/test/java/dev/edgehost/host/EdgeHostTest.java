package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host without a server: deploy, handle() for plain Java callers, close(). */
class EdgeHostTest {
    private final EdgeHost host = EdgeHost.builder().workers(2).queueSize(0).build();

    @AfterEach
    void close() {
        host.close();
    }

    private static EdgeRequest get(String path) {
        return EdgeRequest.builder("GET", URI.create("http://localhost" + path)).build();
    }

    @Test
    void handle_runsTheGuestAndReturnsItsResponse() {
        host.deploy("echo", TestGuests.sample("echo"), FunctionSettings.defaults());

        EdgeResponse response =
                host.handle(EdgeRequest.builder("POST", URI.create("http://localhost/echo/a?b=c"))
                        .header("X-One", "1")
                        .body("body".getBytes(StandardCharsets.UTF_8))
                        .build());

        assertEquals(200, response.status());
        assertEquals("text/plain; charset=utf-8", response.header("content-type"));
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("POST\nhttp://localhost/echo/a?b=c\nx-one: 1\n\nbody"), body);
        assertTrue(response.requestId().matches("[0-9a-f]{24}"));
        assertTrue(response.fuelUsed() > 0);
    }

    @Test
    void deployFunctionsUndeploy_manageTheFunctions() {
        FunctionInfo info = host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());

        assertEquals("hello", info.name());
        assertEquals(List.of("memory", "handle"), info.exports());
        assertEquals(List.of("hello"), host.functions().stream().map(FunctionInfo::name).toList());
        assertTrue(host.function("hello").isPresent());
        assertTrue(host.undeploy("hello"));
        assertFalse(host.undeploy("hello"));
        assertThrows(FunctionNotFoundException.class, () -> host.handle(get("/hello")));
    }

    @Test
    void handle_failures_areTypedExceptions() {
        host.deploy("trap", TestGuests.sample("trap"), FunctionSettings.defaults());
        host.deploy(
                "small",
                TestGuests.sample("echo"),
                FunctionSettings.builder().limits(FunctionLimits.builder().maxRequestBodyBytes(2).build()).build());

        assertEquals("trap", assertThrows(GuestTrapException.class, () -> host.handle(get("/trap"))).error().code());
        assertThrows(
                RequestTooLargeException.class,
                () -> host.handle(EdgeRequest.builder("POST", URI.create("http://localhost/small"))
                        .body(new byte[3])
                        .build()));
        assertThrows(ModuleRejectedException.class, () -> host.deploy("bad", TestGuests.sample("bad-import"), FunctionSettings.defaults()));
    }

    @Test
    void close_letsRunningRequestsFinishAndRefusesNewOnes() throws Exception {
        host.deploy(
                "slow",
                TestGuests.slowGuest("ok", 4_000_000),
                FunctionSettings.builder()
                        .engine(Engine.INTERPRETER)
                        .limits(FunctionLimits.builder().timeout(Duration.ofMinutes(1)).build())
                        .build());
        CompletableFuture<EdgeResponse> running = CompletableFuture.supplyAsync(() -> host.handle(get("/slow")));
        Thread.sleep(300);

        host.close();

        assertEquals("ok", new String(running.get(60, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8));
        assertThrows(OverloadedException.class, () -> host.handle(get("/slow")));
    }
}

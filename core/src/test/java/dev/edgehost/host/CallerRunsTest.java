package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.execution.RequestExecutor;
import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@link EdgeHost#handle} runs the guest on the caller's thread when a worker's place is free:
 * with the same deadline, context and record as on a worker, and counted against the workers.
 */
class CallerRunsTest {
    private static EdgeRequest get(String path) {
        return EdgeRequest.builder("GET", URI.create("http://localhost" + path)).build();
    }

    @Test
    void handle_workerFree_runsOnTheCallersThreadWithTheHostsLoaderAndGivesTheCallersBack() throws Exception {
        List<Thread> recordedOn = new CopyOnWriteArrayList<>();
        List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
        try (EdgeHost host = EdgeHost.builder().observer(record -> {
                    recordedOn.add(Thread.currentThread());
                    loaders.add(Thread.currentThread().getContextClassLoader());
                }).build();
                URLClassLoader webApp = new URLClassLoader(new URL[0], null)) {
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
            Thread caller = Thread.currentThread();
            ClassLoader own = caller.getContextClassLoader();
            caller.setContextClassLoader(webApp);
            try {
                assertEquals(200, host.handle(get("/hello")).status());
                assertSame(webApp, caller.getContextClassLoader());
            } finally {
                caller.setContextClassLoader(own);
            }

            assertEquals(List.of(caller), recordedOn);
            assertEquals(List.of(EdgeHost.class.getClassLoader()), loaders);
        }
    }

    @Test
    void handle_callersOwnMdc_isBackAfterTheRequest() {
        try (EdgeHost host = EdgeHost.builder().build()) {
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
            MDC.put(RequestExecutor.MDC_REQUEST_ID, "the-callers-own");
            try {
                host.handle(get("/hello"));

                assertEquals("the-callers-own", MDC.get(RequestExecutor.MDC_REQUEST_ID));
                assertEquals(null, MDC.get(RequestExecutor.MDC_FUNCTION));
            } finally {
                MDC.remove(RequestExecutor.MDC_REQUEST_ID);
            }
        }
    }

    @Test
    void handle_onTheCallersThread_deadlineStopsTheGuestAndLeavesNoInterrupt() {
        try (EdgeHost host = EdgeHost.builder().build()) {
            host.deploy("spin", TestGuests.slowGuest("ok", Integer.MAX_VALUE),
                    FunctionSettings.builder().limits(FunctionLimits.builder().fuel(FunctionLimits.MAX_FUEL)
                            .timeout(Duration.ofMillis(100)).build()).build());

            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());

            assertThrows(GuestTimeoutException.class, () -> host.handle(get("/spin")));
            assertFalse(Thread.interrupted(), "the deadline's interrupt is cleared");
            assertEquals(200, host.handle(get("/hello")).status());
        }
    }

    @Test
    void handle_interruptedCaller_isAnsweredWithoutStoppingTheGuestAsADeadline() {
        try (EdgeHost host = EdgeHost.builder().build()) {
            // Slow enough to be running still when the caller waits: a future already complete
            // answers an interrupted caller too, as hello on a free worker may be.
            host.deploy("slow", TestGuests.slowGuest("ok", 200_000_000),
                    FunctionSettings.builder().limits(FunctionLimits.builder().fuel(FunctionLimits.MAX_FUEL).build()).build());
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
            Thread.currentThread().interrupt();
            try {
                assertThrows(OverloadedException.class, () -> host.handle(get("/slow")));
            } finally {
                Thread.interrupted();
            }
            assertEquals(200, host.handle(get("/hello")).status());
        }
    }

    @Test
    void handle_moreCallersThanWorkers_allAnsweredAndAtMostTheWorkersRunAtOnce() throws Exception {
        AtomicInteger most = new AtomicInteger();
        try (EdgeHost host = EdgeHost.builder().workers(2).queueSize(64).build()) {
            RequestExecutor executor = ((HostCore) host).executor();
            host.deploy("slow", TestGuests.slowGuest("ok", 200_000), FunctionSettings.defaults());
            List<Thread> callers = new ArrayList<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            for (int i = 0; i < 8; i++) {
                Thread caller = new Thread(() -> {
                    for (int r = 0; r < 10; r++) {
                        try {
                            EdgeResponse response = host.handle(get("/slow"));
                            assertEquals("ok", new String(response.body(), StandardCharsets.UTF_8));
                        } catch (RuntimeException | AssertionError e) {
                            failed.compareAndSet(null, e);
                        }
                    }
                });
                callers.add(caller);
                caller.start();
            }
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    most.accumulateAndGet(executor.busyWorkers(), Math::max);
                    Thread.onSpinWait();
                }
            });
            watcher.start();
            for (Thread caller : callers) {
                caller.join();
            }
            watcher.interrupt();
            watcher.join();

            assertEquals(null, failed.get());
            assertTrue(most.get() <= 2, "at most the workers run at once: " + most.get());
        }
    }

    @Test
    void close_afterCallersRanRequests_writesEveryAccessLine() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("edge.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            AtomicInteger answered = new AtomicInteger();
            EdgeHost host = EdgeHost.builder().build();
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread caller = new Thread(() -> {
                    for (int r = 0; r < 500; r++) {
                        try {
                            host.handle(get("/hello"));
                            answered.incrementAndGet();
                        } catch (OverloadedException e) {
                            return;
                        }
                    }
                });
                callers.add(caller);
                caller.start();
            }
            Thread.sleep(50);
            host.close();
            for (Thread caller : callers) {
                caller.join();
            }

            long helloLines = lines.list.stream().filter(line -> line.getFormattedMessage().startsWith("GET hello 200")).count();
            assertEquals(answered.get(), helloLines);
        } finally {
            access.detachAppender(lines);
        }
    }
}

package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.edgehost.testing.TestGuests;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The threads a host starts on demand belong to the host, not to whoever called it first. */
class HostThreadsTest {

    @Test
    void handle_firstCalledFromAnotherClassLoadersThread_startsThreadsWithTheHostsLoader() throws Exception {
        try (EdgeHost host = EdgeHost.builder().workers(1).build();
                URLClassLoader webApp = new URLClassLoader(new URL[0], null)) {
            host.deploy("hello", TestGuests.sample("hello"), FunctionSettings.defaults());
            // As in a servlet container, where the first request comes on a thread of a web application.
            AtomicInteger status = new AtomicInteger();
            EdgeRequest hello = EdgeRequest.builder("GET", URI.create("http://localhost/hello")).build();
            Thread caller = new Thread(() -> status.set(host.handle(hello).status()));
            caller.setContextClassLoader(webApp);
            caller.start();
            caller.join();

            assertEquals(200, status.get());
            List<Thread> started =
                    Thread.getAllStackTraces().keySet().stream()
                            .filter(thread -> thread.getName().startsWith("edge-worker-") || thread.getName().equals("edge-deadlines")
                                    || thread.getName().equals("edge-access-log"))
                            .toList();
            assertFalse(started.isEmpty());
            for (Thread thread : started) {
                assertSame(EdgeHost.class.getClassLoader(), thread.getContextClassLoader(), thread.getName());
            }
        }
    }
}

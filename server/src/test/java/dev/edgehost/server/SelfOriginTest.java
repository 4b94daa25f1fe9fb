package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.host.FunctionInfo;
import dev.edgehost.testhost.TestHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin the bundled samples call their host at: its own public listener, on whatever port. */
class SelfOriginTest {

    @Test
    void of_anyAddress_isLoopback() {
        assertEquals("http://127.0.0.1:8080", SelfOrigin.of("0.0.0.0", 8080));
        assertEquals("http://127.0.0.1:9000", SelfOrigin.of("::", 9000));
    }

    @Test
    void of_aBoundAddress_isThatAddress() {
        assertEquals("http://127.0.0.1:41000", SelfOrigin.of("127.0.0.1", 41000));
        assertEquals("http://[::1]:41000", SelfOrigin.of("::1", 41000));
    }

    @Test
    void start_onAFreePort_deploysTheSelfCallingSamplesForThatPort() {
        try (TestHost host = TestHost.start(null, builder -> builder.bundledSamples(true))) {
            String origin = "http://127.0.0.1:" + host.server().port();

            FunctionInfo gateway = host.server().host().function("api-gateway").orElseThrow();

            assertEquals(List.of(origin), gateway.settings().fetchAllowList());
            assertEquals(origin + "/geo", gateway.settings().configValue("users-origin"));
        }
    }
}

package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeServerBuilderTest {

    @Test
    void build_adminBeyondLoopbackWithoutToken_isRefused() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().adminHost("0.0.0.0").build());

        assertTrue(error.getMessage().contains("token"), error.getMessage());
    }

    @Test
    void build_adminBeyondLoopbackWithToken_isAllowed() {
        EdgeServer.builder().adminHost("0.0.0.0").adminToken("secret").port(0).adminPort(0).build().close();
    }

    @Test
    void build_outOfRangeSettings_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().port(70_000).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().workers(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().queueSize(-1).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().maxModuleBytes(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().adminToken(" ").build());
        assertThrows(
                IllegalArgumentException.class,
                () -> EdgeServer.builder().defaultFetchAllowList(List.of("ftp://example.com")).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().readTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().idleTimeout(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().idleTimeout(Duration.ofDays(30)).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().maxConnections(0).build());
        assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().maxConnectionsPerClient(-1).build());
        for (String origin : List.of("*", "null", "https://console.example.com/path", "ftp://console.example.com", "console.example.com")) {
            assertThrows(IllegalArgumentException.class, () -> EdgeServer.builder().adminAllowedOrigins(List.of(origin)).build(), origin);
        }
    }
}

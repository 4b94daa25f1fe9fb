package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FunctionLimitsTest {

    @Test
    void defaults_areTheDocumentedOnes() {
        FunctionLimits limits = FunctionLimits.defaults();

        assertEquals(2048, limits.memoryPages());
        assertEquals(128L << 20, limits.memoryBytes());
        assertEquals(1_000_000_000L, limits.fuel());
        assertEquals(Duration.ofSeconds(10), limits.timeout());
        assertEquals(10L << 20, limits.maxRequestBodyBytes());
        assertEquals(10L << 20, limits.maxResponseBodyBytes());
        assertEquals(100, limits.maxRequestHeaders());
        assertEquals(64 << 10, limits.maxRequestHeaderBytes());
        assertEquals(100, limits.maxResponseHeaders());
    }

    @Test
    void toBuilder_keepsEveryValue() {
        FunctionLimits limits =
                FunctionLimits.builder()
                        .memoryPages(3)
                        .fuel(4)
                        .timeout(Duration.ofMillis(5))
                        .maxRequestBodyBytes(6)
                        .maxResponseBodyBytes(7)
                        .maxRequestHeaders(8)
                        .maxRequestHeaderBytes(9)
                        .maxResponseHeaders(10)
                        .build();

        assertEquals(limits, limits.toBuilder().build());
        assertEquals(limits.hashCode(), limits.toBuilder().build().hashCode());
    }

    @Test
    void build_valueOutOfRange_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> FunctionLimits.builder().memoryPages(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> FunctionLimits.builder().memoryPages(FunctionLimits.MAX_MEMORY_PAGES + 1).build());
        assertThrows(IllegalArgumentException.class, () -> FunctionLimits.builder().fuel(0).build());
        assertThrows(
                IllegalArgumentException.class, () -> FunctionLimits.builder().fuel(FunctionLimits.MAX_FUEL + 1).build());
        assertThrows(IllegalArgumentException.class, () -> FunctionLimits.builder().timeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> FunctionLimits.builder().timeout(Duration.ofHours(2)).build());
        assertThrows(IllegalArgumentException.class, () -> FunctionLimits.builder().maxRequestBodyBytes(-1).build());
        assertThrows(IllegalArgumentException.class, () -> FunctionLimits.builder().maxRequestHeaders(0).build());
        assertThrows(NullPointerException.class, () -> FunctionLimits.builder().timeout(null).build());
    }
}

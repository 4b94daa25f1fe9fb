package dev.edgehost.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ForkRatiosTest {

    @Test
    void of_oddForks_medianOfPerForkRatiosWithSpread() {
        ForkRatios ratios = ForkRatios.of(new double[] {10, 20, 10}, new double[] {12, 22, 30});

        assertArrayEquals(new double[] {1.2, 1.1, 3.0}, ratios.ratios(), 1e-9);
        assertEquals(1.2, ratios.median(), 1e-9);
        assertEquals(1.1, ratios.lowest(), 1e-9);
        assertEquals(3.0, ratios.highest(), 1e-9);
        assertEquals(10, ratios.plainMedianMs(), 1e-9);
        assertEquals(22, ratios.meteredMedianMs(), 1e-9);
    }

    @Test
    void of_evenForks_medianIsMeanOfMiddleTwo() {
        ForkRatios ratios = ForkRatios.of(new double[] {1, 1, 1, 1}, new double[] {1.0, 1.4, 1.2, 2.0});

        assertEquals(1.3, ratios.median(), 1e-9);
    }

    @Test
    void of_unequalForkCounts_refused() {
        assertThrows(IllegalArgumentException.class, () -> ForkRatios.of(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> ForkRatios.of(new double[0], new double[0]));
    }
}

package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cost a request's thread is charged: its CPU time and the bytes it allocated. */
class HostCostTest {
    private static volatile byte[] kept;

    @Test
    void now_afterAllocating16MiB_hasGrownByAtLeastTheBytesCharge() {
        long before = HostCost.now();

        kept = new byte[16 << 20];

        long charged = HostCost.now() - before;
        assertTrue(charged >= (16L << 20) / HostCost.BYTES_PER_NANO, "charged " + charged + " ns for 16 MiB and " + kept.length + " bytes kept");
    }
}

package dev.edgehost.host.capability;

/** The clock and randomness a guest may use (ABI spec §6.3 and §6.4). */
public interface EnvironmentCapability {

    /** Milliseconds since the Unix epoch. */
    long nowMillis();

    /** Nanoseconds since the Unix epoch, as precise as the clock allows (WASI's realtime clock). */
    default long nowNanos() {
        return nowMillis() * 1_000_000L;
    }

    /** Fills the array with cryptographically strong random bytes. */
    void fillRandom(byte[] target);
}

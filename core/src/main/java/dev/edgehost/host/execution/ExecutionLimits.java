package dev.edgehost.host.execution;

import dev.edgehost.host.Limit;
import java.util.List;

/**
 * The limits the execution itself enforces for every guest, whatever it imports: the memory cap,
 * the fuel budget, the wall-clock deadline and the requests that run at once.
 */
public final class ExecutionLimits {
    public static final Limit MEMORY_PAGES =
            Limit.of("memory-pages", "execution", Limit.Unit.PAGES, 1, 32_767, 2048,
                    "Linear-memory cap in 64 KiB pages. A module whose initial memory is larger is "
                            + "refused at upload (memory_too_large); memory.grow past the cap returns -1 and the "
                            + "guest continues.");
    public static final Limit FUEL =
            Limit.of("fuel", "execution", Limit.Unit.FUEL, 1, 1_000_000_000_000_000L, 1_000_000_000L,
                    "Deterministic CPU work one request may do, from instantiation until handle returns "
                            + "(ABI spec §8.1). Past it the guest stops where it is and the host answers "
                            + "fuel_exhausted (503).");
    public static final Limit TIMEOUT_MS =
            Limit.of("timeout-ms", "execution", Limit.Unit.MILLISECONDS, 1, 3_600_000, 10_000,
                    "Wall-clock deadline of one request, from instantiation until handle returns. Past it "
                            + "the host stops the guest wherever it is and answers timeout (504).");

    public static final Limit MAX_CONCURRENCY =
            Limit.of("max-concurrency", "execution", Limit.Unit.COUNT, 0, 65_536, 0,
                    "Requests of the function that run at once; 0: three quarters of the host's workers (at least "
                            + "one). Beyond it requests wait, up to three quarters of the host's queue, and past that "
                            + "are refused with function_overloaded (503, retry-after).");

    /** The limits this unit owns, in the order the docs list them. */
    public static final List<Limit> LIMITS = List.of(MEMORY_PAGES, FUEL, TIMEOUT_MS, MAX_CONCURRENCY);

    private ExecutionLimits() {}
}

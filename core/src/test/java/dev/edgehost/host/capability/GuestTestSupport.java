package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.fuel.FuelGauge;
import dev.edgehost.host.fuel.InstrumentedModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Real Chicory memories and instances, and a log that remembers its lines, for the guest tests. */
final class GuestTestSupport {
    /** Size of every memory made here: one page. */
    static final int MEMORY_BYTES = Memory.PAGE_SIZE;

    /** The smallest module the host functions can work with: one exported memory of one page. */
    private static final byte[] MEMORY_ONLY_MODULE = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        // memory section: one memory, no maximum, one initial page
        0x05, 0x03, 0x01, 0x00, 0x01,
        // export section: memory 0 as "memory"
        0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
    };

    private static final WasmModule MODULE = Parser.parse(MEMORY_ONLY_MODULE);

    private GuestTestSupport() {}

    /** A fresh memory of one page that may grow to two. */
    static Memory memory() {
        return new ByteArrayMemory(new MemoryLimits(1, 2));
    }

    /** A fresh instance whose {@link Instance#memory()} is one zeroed page. */
    static Instance instance() {
        return Instance.builder(MODULE).build();
    }

    /** Host work with {@code fuel} to spend and a deadline {@code deadline} from now. */
    static HostWork work(long fuel, Duration deadline) {
        return new HostWork(gauge(fuel), System.nanoTime() + deadline.toNanos());
    }

    /** Host work with fuel and time to spare. */
    static HostWork work() {
        return work(Long.MAX_VALUE / 4, Duration.ofHours(1));
    }

    /** A gauge that meters host work only: no instance is attached to it. */
    static FuelGauge gauge(long fuel) {
        return new FuelGauge(new InstrumentedModule(new byte[0], 0, 0, 0), fuel);
    }

    /** A WASI process named {@code test} with no input, whose output goes nowhere. */
    static WasiProcess process() {
        return new WasiProcess(List.of("test"), List.of(), new byte[0], (bytes, offset, length) -> length, (bytes, offset, length) -> length);
    }

    /** One line a guest logged. */
    record Line(LogLevel level, String message) {}

    /** A log capability that keeps every line, in order. */
    static final class RecordingLog implements LogCapability {
        private final List<Line> lines = new ArrayList<>();

        @Override
        public void log(LogLevel level, String message) {
            lines.add(new Line(level, message));
        }

        List<Line> lines() {
            return lines;
        }
    }
}

package dev.edgehost.conformance.spec;

import com.dylibso.chicory.runtime.GlobalFactory;
import dev.edgehost.host.fuel.FuelGauge;
import dev.edgehost.host.fuel.FuelInstrumenter;
import dev.edgehost.host.fuel.InstrumentedModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runner's only contact with the fuel instrumenter: meters modules, hands out a gauge with a
 * budget no spec test can use up for every instance, and tells when a gauge ran dry anyway.
 * One per script and configuration.
 */
final class FuelMetering {
    static final long BUDGET = 1L << 50;

    private final List<FuelGauge> gauges = new ArrayList<>();
    private final List<FuelGauge> reported = new ArrayList<>();

    /**
     * Meters a module.
     *
     * @throws dev.edgehost.host.fuel.InstrumentationException when the module cannot be metered
     */
    Metered instrument(byte[] wasm) {
        return new Metered(FuelInstrumenter.instrument(wasm));
    }

    /** Describes the gauges that ran dry since the last call, if any did. */
    Optional<String> newlyExhausted() {
        List<String> dry = new ArrayList<>();
        for (FuelGauge gauge : gauges) {
            if (gauge.exhausted() && !reported.contains(gauge)) {
                reported.add(gauge);
                dry.add("an instance ran out of fuel after using " + gauge.used() + " of " + BUDGET);
            }
        }
        return dry.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", dry));
    }

    /** A metered module: its bytes, and a fresh gauge for each of its instances. */
    final class Metered {
        private final InstrumentedModule module;

        private Metered(InstrumentedModule module) {
            this.module = module;
        }

        byte[] wasm() {
            return module.wasm();
        }

        GlobalFactory newGauge() {
            FuelGauge gauge = new FuelGauge(module, BUDGET);
            gauges.add(gauge);
            return gauge;
        }
    }
}

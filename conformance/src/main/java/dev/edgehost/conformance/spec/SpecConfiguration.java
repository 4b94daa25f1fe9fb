package dev.edgehost.conformance.spec;

import dev.edgehost.host.Engine;
import java.util.List;
import java.util.Locale;

/** One of the four ways every script runs: an engine, on the original or the fuel-metered modules. */
public record SpecConfiguration(Engine engine, boolean metered) {

    /** The four configurations, each metered one right after its original. */
    public static final List<SpecConfiguration> ALL = List.of(
            new SpecConfiguration(Engine.INTERPRETER, false),
            new SpecConfiguration(Engine.INTERPRETER, true),
            new SpecConfiguration(Engine.COMPILER, false),
            new SpecConfiguration(Engine.COMPILER, true));

    /** The configuration whose results a metered one must reproduce: the same engine, unmetered. */
    public SpecConfiguration original() {
        return new SpecConfiguration(engine, false);
    }

    /** Whether commands of a type run here: rejection commands run on the original modules only. */
    boolean runs(CommandType type) {
        return !(metered && type.checksRejection());
    }

    @Override
    public String toString() {
        return engine.name().toLowerCase(Locale.ROOT) + (metered ? "+fuel" : "");
    }
}

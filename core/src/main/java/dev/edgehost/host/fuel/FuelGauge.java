package dev.edgehost.host.fuel;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Starts an instrumented module's fuel global at a budget and reads what is left. Pass it to
 * {@code Instance.Builder.withGlobalFactory}: it creates every global the module defines as the
 * runtime would, and the fuel global with the budget, before any guest code (even a start
 * function) runs. One gauge serves one instance, or one request of a pooled instance
 * ({@link #attach}).
 */
public final class FuelGauge implements GlobalFactory {
    private final int fuelGlobalOrdinal;
    private final long budget;
    private int created;
    private GlobalInstance fuel;

    /** @param budget the fuel the instance may use; at least 0 */
    public FuelGauge(InstrumentedModule module, long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("fuel budget must not be negative: " + budget);
        }
        this.fuelGlobalOrdinal = module.fuelGlobalOrdinal();
        this.budget = budget;
    }

    @Override
    public GlobalInstance create(long value, long highValue, ValType type, MutabilityType mutability) {
        boolean isFuel = created++ == fuelGlobalOrdinal;
        GlobalInstance global = new GlobalInstance(isFuel ? budget : value, highValue, type, mutability);
        if (isFuel) {
            fuel = global;
        }
        return global;
    }

    /**
     * Meters an instance that already exists, as a pooled one does: starts its fuel global at the
     * budget less the fuel the instance used before this request (its start function and
     * {@code _initialize}, run once for a snapshot), and reads that global from then on.
     */
    public void attach(GlobalInstance fuelGlobal, long alreadyUsed) {
        fuelGlobal.setValue(budget - alreadyUsed);
        this.fuel = fuelGlobal;
    }

    /** The fuel left; negative once the guest ran out (it trapped then). */
    public long remaining() {
        return fuel == null ? budget : fuel.getValue();
    }

    /** Whether the guest ran out of fuel. */
    public boolean exhausted() {
        return remaining() < 0;
    }

    /** The fuel used, at most the budget. */
    public long used() {
        return budget - Math.max(remaining(), 0);
    }
}

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
 * ({@link #attach}). Host functions {@link #charge} it for the work they do. Used by the one
 * thread that runs the instance.
 */
public final class FuelGauge implements GlobalFactory {
    private final int fuelGlobalOrdinal;
    private final long budget;
    private int created;
    private GlobalInstance fuel;
    /** The fuel left while no global is attached yet, as for a gauge that meters host work only. */
    private long unattached;

    /** @param budget the fuel the instance may use; at least 0 */
    public FuelGauge(InstrumentedModule module, long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("fuel budget must not be negative: " + budget);
        }
        this.fuelGlobalOrdinal = module.fuelGlobalOrdinal();
        this.budget = budget;
        this.unattached = budget;
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
        return fuel == null ? unattached : fuel.getValue();
    }

    /**
     * Takes the fuel for work a host function is about to do for the guest. The guest reloads the
     * counter when the host function returns, so the charge counts as if the guest had used it.
     *
     * @param cost at least 0
     * @return false when the fuel left does not cover it; the fuel left is then below zero, so the
     *     guest counts as having run out, and the host function must stop it without doing the work
     */
    public boolean charge(long cost) {
        if (cost < 0) {
            throw new IllegalArgumentException("a charge must not be negative: " + cost);
        }
        long left = remaining() - cost;
        if (fuel == null) {
            unattached = left;
        } else {
            fuel.setValue(left);
        }
        return left >= 0;
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

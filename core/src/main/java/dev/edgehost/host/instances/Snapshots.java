package dev.edgehost.host.instances;

import com.dylibso.chicory.wasm.ChicoryException;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.execution.Deadline;
import dev.edgehost.host.execution.DeadlineWatchdog;
import dev.edgehost.host.fuel.FuelGauge;

/**
 * Takes the snapshot a function's pool restores its instances to, by instantiating the module once
 * with every host function refusing, under the function's fuel, memory cap and deadline:
 *
 * <ul>
 *   <li>if {@code _initialize} then runs to its end without calling the host, the snapshot is
 *       taken after it, and requests skip it: it computed the same as it would in any request;
 *   <li>if it calls the host, traps or runs out of fuel or time, the snapshot is taken before it,
 *       and every request runs it again with its own host functions, as a fresh instance would;
 *   <li>if instantiation itself fails or calls the host (from a start function), the function is
 *       not pooled: every request builds a fresh instance and fails or succeeds as it would.
 * </ul>
 *
 * Either way every request is charged the fuel of the work the snapshot holds, so a request uses
 * the same fuel pooled or not.
 */
final class Snapshots {

    private Snapshots() {}

    static InstanceSource prepare(
            CompiledModule compiled, FunctionLimits limits, DeadlineWatchdog deadlines, PoolBudget budget) {
        FuelGauge fuel = new FuelGauge(compiled.instrumented(), limits.fuel());
        Deadline deadline = new Deadline(deadlines, limits.timeout());
        try {
            PooledInstance template = PooledInstance.build(compiled, limits.memoryPages(), fuel);
            if (template.calledHost() || fuel.exhausted()) {
                return new FreshInstances(compiled, limits.memoryPages());
            }
            InstanceSnapshot instantiated = template.capture(fuel.used(), false);
            if (!template.hasInitialize()) {
                return pool(compiled, limits, instantiated, template, budget);
            }
            if (initializesAlone(template, fuel)) {
                return pool(compiled, limits, template.capture(fuel.used(), true), template, budget);
            }
            return new InstancePool(compiled, limits, instantiated, budget);
        } catch (ChicoryException | StackOverflowError e) {
            return new FreshInstances(compiled, limits.memoryPages());
        } finally {
            deadline.close();
        }
    }

    private static boolean initializesAlone(PooledInstance template, FuelGauge fuel) {
        try {
            template.initialize();
        } catch (ChicoryException | StackOverflowError e) {
            return false;
        }
        return !template.calledHost() && !fuel.exhausted();
    }

    private static InstancePool pool(
            CompiledModule compiled,
            FunctionLimits limits,
            InstanceSnapshot snapshot,
            PooledInstance template,
            PoolBudget budget) {
        InstancePool pool = new InstancePool(compiled, limits, snapshot, budget);
        pool.offer(template);
        return pool;
    }
}

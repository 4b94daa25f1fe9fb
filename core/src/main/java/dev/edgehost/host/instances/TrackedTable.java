package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;

/**
 * A table that knows whether it was changed since it was last marked clean, so a pooled instance
 * restores only the tables a request wrote. Every change to a table goes through these three
 * methods.
 *
 * <p>It also gets limits of its own: Chicory's {@code table.grow} raises the minimum of the limits
 * it was created with, which belong to the shared module, so without a copy one instance's growth
 * would make every later instance start with a bigger table.
 */
final class TrackedTable extends TableInstance {
    private boolean changed;

    TrackedTable(Table table, int initialValue) {
        super(ownLimits(table), initialValue);
    }

    private static Table ownLimits(Table table) {
        TableLimits limits = table.limits();
        return new Table(table.elementType(), new TableLimits(limits.min(), limits.max()), table.initialize());
    }

    boolean changed() {
        return changed;
    }

    void markClean() {
        changed = false;
    }

    void markChanged() {
        changed = true;
    }

    @Override
    public void setRef(int index, int value, Instance instance) {
        changed = true;
        super.setRef(index, value, instance);
    }

    @Override
    public int grow(int size, int value, Instance instance) {
        changed = true;
        return super.grow(size, value, instance);
    }

    @Override
    public void reset() {
        changed = true;
        super.reset();
    }
}

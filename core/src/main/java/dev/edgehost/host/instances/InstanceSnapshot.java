package dev.edgehost.host.instances;

import com.dylibso.chicory.wasm.types.Element;

/**
 * Everything a request can change in an instance, as it was when the snapshot was taken: memory
 * and data segments, globals, tables and element segments. Shared, never changed, by all pooled
 * instances of one function.
 *
 * @param fuelUsed the fuel the guest used up to the snapshot (start function, and
 *     {@code _initialize} when {@code initialized}); every request is charged it again
 * @param initialized whether {@code _initialize} already ran, so requests skip it
 */
record InstanceSnapshot(
        MemoryImage memory,
        long[] globalsLow,
        long[] globalsHigh,
        int[][] tableRefs,
        boolean[][] tableOwnRefs,
        Element[] elements,
        long fuelUsed,
        boolean initialized) {}

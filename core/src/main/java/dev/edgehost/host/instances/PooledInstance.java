package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.Element;
import dev.edgehost.abi.Abi;
import dev.edgehost.host.capability.GuestCapabilities;
import dev.edgehost.host.capability.RequestBinding;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.fuel.FuelGauge;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance that serves request after request: linked once to {@link ImportSlots}, then put
 * back to a snapshot before each use. Its host functions are made once too, in its {@link
 * RequestBinding}: a request points them at its own capabilities, and the slots at them. Used by
 * one thread at a time.
 */
final class PooledInstance {
    private final Instance instance;
    private final PagedMemory memory;
    private final List<TrackedTable> tables;
    private final ImportSlots imports;
    private final RequestBinding binding;
    private final WasmFunctionHandle[] handles;
    private final GlobalInstance fuel;
    private final ExportFunction initialize;
    private final ExportFunction entry;
    private final String entryName;

    private PooledInstance(
            Instance instance,
            PagedMemory memory,
            List<TrackedTable> tables,
            ImportSlots imports,
            CompiledModule compiled) {
        this.instance = instance;
        this.memory = memory;
        this.tables = tables;
        this.imports = imports;
        this.binding = new RequestBinding(compiled.importModules());
        this.handles = ImportBinding.of(compiled.module(), binding.functions()).handles(binding.functions());
        this.fuel = instance.global(compiled.instrumented().fuelGlobalIndex());
        this.initialize = compiled.description().hasInitialize() ? instance.export(Abi.EXPORT_INITIALIZE) : null;
        this.entryName = compiled.description().entry();
        this.entry = instance.export(entryName);
    }

    /**
     * Instantiates the module with every host function refusing: data segments are written and the
     * start function runs, if the module has one.
     *
     * @param globals creates the globals, and so sets the fuel the start function may use
     * @throws com.dylibso.chicory.wasm.ChicoryException when instantiation fails or calls the host
     */
    static PooledInstance build(CompiledModule compiled, int memoryCapPages, GlobalFactory globals) {
        ImportSlots imports = new ImportSlots(compiled.module());
        PagedMemory[] memory = new PagedMemory[1];
        List<TrackedTable> tables = new ArrayList<>();
        Instance instance =
                InstanceFactories.builder(
                                compiled,
                                memoryCapPages,
                                imports.importValues(),
                                globals,
                                limits -> memory[0] = new PagedMemory(limits),
                                (table, initialValue) -> {
                                    TrackedTable tracked = new TrackedTable(table, initialValue);
                                    tables.add(tracked);
                                    return tracked;
                                })
                        .build();
        return new PooledInstance(instance, memory[0], tables, imports, compiled);
    }

    /** Whether a host function was called since the instance was built or last restored. */
    boolean calledHost() {
        return imports.refusedCall();
    }

    boolean hasInitialize() {
        return initialize != null;
    }

    /** Runs {@code _initialize} with the host functions refusing, to take a snapshot after it. */
    void initialize() {
        initialize.apply();
    }

    /** The instance's state now; its memory counts as clean afterwards. */
    InstanceSnapshot capture(long fuelUsed, boolean initialized) {
        int globals = instance.globalCount();
        long[] low = new long[globals];
        long[] high = new long[globals];
        for (int i = 0; i < globals; i++) {
            low[i] = instance.global(i).getValueLow();
            high[i] = instance.global(i).getValueHigh();
        }
        int[][] refs = new int[tables.size()][];
        boolean[][] own = new boolean[tables.size()][];
        for (int t = 0; t < tables.size(); t++) {
            TrackedTable table = tables.get(t);
            refs[t] = new int[table.size()];
            own[t] = new boolean[table.size()];
            for (int i = 0; i < table.size(); i++) {
                refs[t][i] = table.ref(i);
                own[t][i] = table.instance(i) == instance;
            }
            table.markClean();
        }
        Element[] elements = new Element[instance.elementCount()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = instance.element(i);
        }
        return new InstanceSnapshot(memory.capture(), low, high, refs, own, elements, fuelUsed, initialized);
    }

    /** Puts every page, global, table entry and segment back, whatever was written since the snapshot. */
    boolean load(InstanceSnapshot snapshot) {
        memory.markAllDirty();
        for (TrackedTable table : tables) {
            table.markChanged();
        }
        return restore(snapshot);
    }

    /**
     * Puts the instance back to the snapshot: only what a request can have written is copied.
     *
     * @return false when it cannot be, because a table grew; the instance must be dropped then
     */
    boolean restore(InstanceSnapshot snapshot) {
        for (int t = 0; t < tables.size(); t++) {
            TrackedTable table = tables.get(t);
            if (table.changed()) {
                int[] refs = snapshot.tableRefs()[t];
                if (table.size() != refs.length) {
                    return false;
                }
                boolean[] own = snapshot.tableOwnRefs()[t];
                for (int i = 0; i < refs.length; i++) {
                    table.setRef(i, refs[i], own[i] ? instance : null);
                }
                table.markClean();
            }
        }
        memory.restore(snapshot.memory());
        long[] low = snapshot.globalsLow();
        long[] high = snapshot.globalsHigh();
        for (int i = 0; i < low.length; i++) {
            GlobalInstance global = instance.global(i);
            global.setValueLow(low[i]);
            global.setValueHigh(high[i]);
        }
        Element[] elements = snapshot.elements();
        for (int i = 0; i < elements.length; i++) {
            if (instance.element(i) != elements[i]) {
                instance.setElement(i, elements[i]);
            }
        }
        imports.refuseAll();
        return true;
    }

    /** Points the host functions at one request's capabilities and starts its fuel, less what the snapshot already used. */
    void bind(GuestCapabilities capabilities, FuelGauge gauge, long fuelUsed) {
        binding.attach(capabilities);
        imports.bind(handles);
        gauge.attach(fuel, fuelUsed);
    }

    /**
     * Runs the request: {@code _initialize} unless the snapshot already holds it, then the entry
     * point: {@code handle} or, in CGI mode, {@code _start}, or the export a scheduled run calls.
     */
    void run(boolean initialized, String export) {
        if (!initialized && initialize != null) {
            initialize.apply();
        }
        (export.equals(entryName) ? entry : instance.export(export)).apply();
    }

    /** The Chicory instance, for guest code the host runs besides {@code _initialize} and {@code handle}. */
    Instance instance() {
        return instance;
    }

    /** Stops the request's host functions from being reachable while the instance waits in the pool. */
    void unbind() {
        imports.refuseAll();
        binding.detach();
    }

    long retainedBytes() {
        return memory.retainedBytes();
    }
}

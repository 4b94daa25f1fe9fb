package dev.edgehost.host.fuel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Rewrites a valid Wasm module so that it pays fuel as it runs (see {@link FunctionInstrumenter}
 * for how code pays, {@link FuelCosts} for what it pays). The counter is a mutable i64 global
 * appended after every existing global. Each defined function gets a metered copy, appended after
 * every defined function, that takes the counter as its last parameter and hands it back as its
 * last result or in the global (see {@code decideHandBacks}); the function's own index keeps an entry
 * point that hands the global to the copy. So no global, function or type index moves, and
 * exports, tables, element segments and the start function stay as they are; custom sections,
 * names and data are kept byte for byte. Deterministic: the same module always gives the same
 * output.
 */
public final class FuelInstrumenter {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    private static final int CUSTOM = 0;
    /** The fuel global: mutable i64 starting at 0; hosts start it at the budget (FuelGauge). */
    private static final byte[] FUEL_GLOBAL = {Op.I64, 0x01, Op.I64_CONST, 0x00, Op.END};
    /** Section ids in the order the binary format requires them. */
    private static final Map<Integer, Integer> ORDER =
            Map.ofEntries(
                    Map.entry(1, 1), Map.entry(2, 2), Map.entry(3, 3), Map.entry(4, 4), Map.entry(5, 5),
                    Map.entry(13, 6), Map.entry(6, 7), Map.entry(7, 8), Map.entry(8, 9), Map.entry(9, 10),
                    Map.entry(12, 11), Map.entry(10, 12), Map.entry(11, 13));

    private FuelInstrumenter() {}

    /**
     * Instruments a module that has passed validation.
     *
     * @throws InstrumentationException when the module uses something outside Wasm 2.0
     */
    public static InstrumentedModule instrument(byte[] wasm) {
        return instrument(wasm, null, 1);
    }

    /**
     * Like {@link #instrument(byte[])}, the functions' code in {@code runs} runs of functions at
     * once, the first on the calling thread and the others on {@code threads}: the same bytes, and
     * the same exception (the first function's that fails).
     */
    public static InstrumentedModule instrument(byte[] wasm, Executor threads, int runs) {
        ByteReader reader = new ByteReader(wasm);
        for (byte expected : HEADER) {
            if ((byte) reader.u8() != expected) {
                throw new InstrumentationException("not a Wasm 1.0 binary");
            }
        }
        List<Section> sections = new ArrayList<>();
        ModuleLayout layout = new ModuleLayout();
        while (!reader.atEnd()) {
            int id = reader.u8();
            int size = Math.toIntExact(reader.u32());
            int start = reader.position();
            reader.skip(size);
            sections.add(new Section(id, start, start + size));
            if (id != CUSTOM) {
                layout.readSection(id, new ByteReader(wasm, start, start + size));
            }
        }
        return new InstrumentedModule(
                write(wasm, sections, layout, threads == null ? 1 : runs, threads), layout.fuelGlobalIndex(),
                layout.fuelGlobalOrdinal(), layout.types().size());
    }

    private static byte[] write(byte[] wasm, List<Section> sections, ModuleLayout layout, int runs, Executor threads) {
        AppendedTypes appendedTypes = new AppendedTypes(layout.types());
        List<ByteWriter[]> code = null;
        List<byte[]> meteredTypes = new ArrayList<>();
        for (Section section : sections) {
            if (section.id() == ModuleLayout.CODE) {
                decideHandBacks(wasm, section, layout);
                for (int function = 0; function < layout.definedFunctions(); function++) {
                    int type = appendedTypes.meteredTypeFor(
                            layout.definedFunctionType(function),
                            layout.copyReturnsFuel(layout.importedFunctions() + function));
                    meteredTypes.add(new ByteWriter().u32(type).toByteArray());
                }
                code = instrumentCode(wasm, section, layout, appendedTypes, runs, threads);
            }
        }
        List<Part> parts = new ArrayList<>();
        boolean globalWritten = false;
        for (Section section : sections) {
            if (!globalWritten && section.id() != CUSTOM && ORDER.get(section.id()) > ORDER.get(ModuleLayout.GLOBAL)) {
                parts.add(Part.of(ModuleLayout.GLOBAL, new ByteWriter().u32(1).bytes(FUEL_GLOBAL)));
                globalWritten = true;
            }
            switch (section.id()) {
                case ModuleLayout.TYPE:
                    parts.add(Part.of(section.id(), appendEntries(wasm, section, appendedTypes.added())));
                    break;
                case ModuleLayout.FUNCTION:
                    parts.add(Part.of(section.id(), appendEntries(wasm, section, meteredTypes)));
                    break;
                case ModuleLayout.GLOBAL:
                    parts.add(Part.of(section.id(), appendEntries(wasm, section, List.of(FUEL_GLOBAL))));
                    globalWritten = true;
                    break;
                case ModuleLayout.CODE:
                    parts.add(codePart(layout.definedFunctions(), code));
                    break;
                default:
                    parts.add(new Part(section.id(), section.end() - section.start(), out -> out.bytes(wasm, section.start(), section.end())));
                    break;
            }
        }
        if (!globalWritten) {
            parts.add(Part.of(ModuleLayout.GLOBAL, new ByteWriter().u32(1).bytes(FUEL_GLOBAL)));
        }
        // The output is written once, into an array of its exact size: a large module's output
        // is megabytes, and a growing array copied it several times over.
        long total = HEADER.length;
        for (Part part : parts) {
            total += 1L + ByteWriter.u32Size(part.size()) + part.size();
        }
        if (total > Integer.MAX_VALUE - 8L) {
            throw new InstrumentationException("the instrumented module would exceed 2 GiB");
        }
        ByteWriter out = new ByteWriter((int) total).bytes(HEADER);
        for (Part part : parts) {
            out.u8(part.id()).u32(part.size());
            part.content().accept(out);
        }
        return out.finish();
    }

    /** The code section: the entry points of every run, then the metered copies of every run. */
    private static Part codePart(int functions, List<ByteWriter[]> runs) {
        long size = ByteWriter.u32Size(functions * 2L);
        for (ByteWriter[] run : runs) {
            size += run[0].size() + (long) run[1].size();
        }
        if (size > Integer.MAX_VALUE - 8L) {
            throw new InstrumentationException("the instrumented module would exceed 2 GiB");
        }
        return new Part(ModuleLayout.CODE, (int) size, out -> {
            out.u32(functions * 2L);
            runs.forEach(run -> out.bytes(run[0]));
            runs.forEach(run -> out.bytes(run[1]));
        });
    }

    /** A section of the output: its id, the size of its content and what writes the content. */
    private record Part(int id, int size, Consumer<ByteWriter> content) {
        static Part of(int id, ByteWriter content) {
            return new Part(id, content.size(), out -> out.bytes(content));
        }
    }

    /** A vector section with entries appended after the existing ones. */
    private static ByteWriter appendEntries(byte[] wasm, Section section, List<byte[]> entries) {
        ByteReader reader = new ByteReader(wasm, section.start(), section.end());
        long count = reader.u32();
        ByteWriter content = new ByteWriter().u32(count + entries.size()).bytes(wasm, reader.position(), section.end());
        entries.forEach(content::bytes);
        return content;
    }

    /**
     * Decides how each metered copy hands the counter back. As its last result when it can (see
     * {@link FunctionType#resultsCanCarryFuel}) and has no loop, or has no results of its own (the
     * counter is then its only result, returned as one value like any other); a copy with a loop
     * and results stores it in the fuel global when it returns, which its loop amortizes, because
     * HotSpot was measured to run a tight loop markedly slower in a method returning several values
     * (Chicory boxes them in an array) than in one returning one.
     */
    private static void decideHandBacks(byte[] wasm, Section section, ModuleLayout layout) {
        ByteReader reader = new ByteReader(wasm, section.start(), section.end());
        long count = reader.u32();
        for (int function = 0; function < count; function++) {
            int size = Math.toIntExact(reader.u32());
            int start = reader.position();
            reader.skip(size);
            boolean hasLoop = LoopScan.hasLoop(new ByteReader(wasm, start, start + size));
            FunctionType type = layout.definedFunctionType(function);
            layout.copyReturnsFuel(function, (!hasLoop || type.results().length == 0) && type.resultsCanCarryFuel());
        }
    }

    /**
     * The code section: each function's body becomes an entry point that hands the fuel global to
     * its metered copy and stores what the copy leaves, and the metered copies follow. The block
     * types are settled first, in the functions' order, since one may append a type; then each
     * function is rewritten on its own.
     */
    private static List<ByteWriter[]> instrumentCode(
            byte[] wasm, Section section, ModuleLayout layout, AppendedTypes appendedTypes, int runs, Executor threads) {
        ByteReader reader = new ByteReader(wasm, section.start(), section.end());
        int count = Math.toIntExact(reader.u32());
        int[] starts = new int[count];
        int[] ends = new int[count];
        byte[][] blockTypes = new byte[count][];
        for (int function = 0; function < count; function++) {
            int size = Math.toIntExact(reader.u32());
            starts[function] = reader.position();
            reader.skip(size);
            ends[function] = starts[function] + size;
            blockTypes[function] = appendedTypes.blockTypeFor(layout.definedFunctionType(function).results());
        }
        int parts = Math.max(1, Math.min(runs, count));
        List<CompletableFuture<ByteWriter[]>> others = new ArrayList<>();
        for (int part = 1; part < parts; part++) {
            int from = count * part / parts;
            int to = count * (part + 1) / parts;
            others.add(CompletableFuture.supplyAsync(() -> instrumentRun(wasm, layout, starts, ends, blockTypes, from, to), threads));
        }
        List<ByteWriter[]> done = new ArrayList<>();
        RuntimeException first = null;
        try {
            done.add(instrumentRun(wasm, layout, starts, ends, blockTypes, 0, count / parts));
        } catch (RuntimeException e) {
            first = e;
        }
        for (CompletableFuture<ByteWriter[]> other : others) {
            try {
                done.add(other.join());
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException failure ? failure : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return done;
    }

    /** The entry points and the metered copies of the functions {@code from} to {@code to}. */
    private static ByteWriter[] instrumentRun(
            byte[] wasm, ModuleLayout layout, int[] starts, int[] ends, byte[][] blockTypes, int from, int to) {
        ByteWriter entryPoints = new ByteWriter();
        // Metering grows real programs' code by 50 to 70 %; a run's copies grow their array once at most.
        int runBytes = to > from ? ends[to - 1] - starts[from] : 0;
        ByteWriter copies = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 8L, runBytes * 7L / 4 + 64));
        ByteWriter metered = new ByteWriter(1024);
        for (int function = from; function < to; function++) {
            FunctionType type = layout.definedFunctionType(function);
            ByteReader body = new ByteReader(wasm, starts[function], ends[function]);
            metered.reset();
            new FunctionInstrumenter(layout, blockTypes[function], metered)
                    .instrument(body, type, layout.copyReturnsFuel(layout.importedFunctions() + function));
            if (!body.atEnd()) {
                throw new InstrumentationException("function " + function + " has bytes after its end");
            }
            copies.sized(metered);
            entryPoints.sized(entryPoint(layout, layout.importedFunctions() + function, type));
        }
        return new ByteWriter[] {entryPoints, copies};
    }

    /**
     * The body left at a function's own index, which exports, tables, element segments and the
     * start function reach: it pays nothing itself (the caller paid for the call).
     */
    private static ByteWriter entryPoint(ModuleLayout layout, long function, FunctionType type) {
        ByteWriter body = new ByteWriter().u32(0);
        for (int param = 0; param < type.params().length; param++) {
            body.u8(Op.LOCAL_GET).u32(param);
        }
        body.u8(Op.GLOBAL_GET).u32(layout.fuelGlobalIndex());
        body.u8(Op.CALL).u32(layout.meteredCopyOf(function));
        if (layout.copyReturnsFuel(function)) {
            body.u8(Op.GLOBAL_SET).u32(layout.fuelGlobalIndex());
        }
        return body.u8(Op.END);
    }

    private record Section(int id, int start, int end) {}
}

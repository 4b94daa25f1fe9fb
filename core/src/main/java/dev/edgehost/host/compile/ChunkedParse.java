package dev.edgehost.host.compile;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Parses and validates a large module with Chicory on every core at once, giving the module
 * {@link Parser#parse(byte[])} gives: parsing and validating the function bodies is nearly all of
 * a large deploy's time before its first response, and each body is parsed and validated on its
 * own. The code section is cut into runs of whole functions; each run is parsed by Chicory's own
 * parser from a module of the type section and that run, and validated by Chicory's own validator
 * in a module that has every section of the upload and, in place of the other runs' bodies, one
 * that validates against any type ({@code unreachable}). The bodies then make one code section.
 * Any failure, of any run, is reported as {@code null}: the caller checks the module the plain way,
 * which words its refusal. Stateless; thread-safe.
 */
final class ChunkedParse {
    /** Code below this is parsed on the calling thread alone: cutting it up would gain nothing. */
    static final int MIN_CODE_BYTES = 512 * 1024;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    /** The most bytes an unsigned 32-bit LEB128 takes, which it may always take. */
    private static final int PADDED_U32 = 5;
    /** The digest Chicory's parser gives a module, which keys the compiled-code cache. */
    private static final String DIGEST_ALGORITHM =
            System.getProperty("com.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM", "SHA-256");
    /** A body valid for any function type: {@code unreachable} leaves the stack polymorphic. */
    private static final FunctionBody ANY_TYPE = Parser.parse(new byte[] {
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
        0x0A, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0B}).codeSection().getFunctionBody(0);
    private static final ExecutorService THREADS = DaemonPool.of("edge-parse", CORES);

    private ChunkedParse() {}

    /** The threads that parse runs, for other work of a deploy that runs in runs (instrumenting). */
    static Executor threads() {
        return THREADS;
    }

    /** In how many runs a deploy of the module works: one per core for a large module, else one. */
    static int runs(byte[] wasm) {
        return ModuleBudgetCheck.codeBytes(wasm) >= MIN_CODE_BYTES ? CORES : 1;
    }

    /**
     * The parsed and validated module, or {@code null} when the module is small, the machine has
     * one core, or anything about it fails (then it is for {@link Parser#parse(byte[])} to say).
     *
     * @throws CancellationException when the calling thread was interrupted meanwhile
     */
    static WasmModule parse(byte[] wasm) {
        Layout layout = Layout.of(wasm);
        return layout == null || layout.codeEnd - layout.codeStart < MIN_CODE_BYTES ? null : parse(wasm, layout, CORES);
    }

    /** {@link #parse(byte[])} in {@code runs} runs, whatever the module's size. */
    static WasmModule parse(byte[] wasm, int runs) {
        Layout layout = Layout.of(wasm);
        return layout == null ? null : parse(wasm, layout, runs);
    }

    private static WasmModule parse(byte[] wasm, Layout layout, int runs) {
        if (runs < 2 || layout.bodies.size() < runs) {
            return null;
        }
        try {
            return new ChunkedParse.Run(wasm, layout, runs).module();
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException | AssertionError | OutOfMemoryError e) {
            return null;
        }
    }

    /** Where the sections and each function body of a module are; {@code null} when it cannot be read. */
    private record Layout(int typeStart, int typeEnd, int codeStart, int codeEnd, List<int[]> bodies) {
        static Layout of(byte[] wasm) {
            Reader reader = new Reader(wasm, HEADER.length);
            int typeStart = -1;
            int typeEnd = -1;
            while (reader.at < wasm.length) {
                int id = wasm[reader.at++] & 0xFF;
                long size = reader.u32();
                if (size < 0 || size > wasm.length - reader.at) {
                    return null;
                }
                int start = reader.at;
                int end = start + (int) size;
                if (id == SectionId.TYPE) {
                    typeStart = start;
                    typeEnd = end;
                } else if (id == SectionId.CODE) {
                    return bodies(wasm, typeStart, typeEnd, start, end);
                }
                reader.at = end;
            }
            return null;
        }

        private static Layout bodies(byte[] wasm, int typeStart, int typeEnd, int start, int end) {
            Reader reader = new Reader(wasm, start);
            long count = reader.u32();
            if (count < 0 || count > end - start) {
                return null;
            }
            List<int[]> bodies = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                int bodyStart = reader.at;
                long size = reader.u32();
                if (size < 0 || size > end - reader.at) {
                    return null;
                }
                reader.at += (int) size;
                bodies.add(new int[] {bodyStart, reader.at});
            }
            return reader.at == end ? new Layout(typeStart, typeEnd, start, end, bodies) : null;
        }
    }

    /** One parse: the module's sections but code, then the runs of bodies, each on a thread. */
    private static final class Run {
        private final byte[] wasm;
        private final Layout layout;
        private final List<int[]> runs = new ArrayList<>();
        private final WasmModule.Builder sections = WasmModule.builder();
        private final List<Section> parsed = new ArrayList<>();

        Run(byte[] wasm, Layout layout, int runs) {
            this.wasm = wasm;
            this.layout = layout;
            long perRun = (layout.codeEnd - layout.codeStart) / runs + 1;
            int first = 0;
            long bytes = 0;
            for (int i = 0; i < layout.bodies.size(); i++) {
                int[] body = layout.bodies.get(i);
                bytes += body[1] - body[0];
                if (bytes >= perRun && this.runs.size() < runs - 1) {
                    this.runs.add(new int[] {first, i + 1});
                    first = i + 1;
                    bytes = 0;
                }
            }
            if (first < layout.bodies.size()) {
                this.runs.add(new int[] {first, layout.bodies.size()});
            }
        }

        WasmModule module() {
            Parser.Builder allButCode = Parser.builder();
            for (int id = 0; id < 256; id++) {
                if (id != SectionId.CODE) {
                    allButCode.includeSectionId(id);
                }
            }
            allButCode.build().parse(new ByteArrayInputStream(wasm), parsed::add);
            List<CodeSection> codes = inParallel(this::codeOf);
            List<FunctionBody> all = new ArrayList<>(layout.bodies.size());
            boolean requiresDataCount = false;
            for (CodeSection code : codes) {
                all.addAll(List.of(code.functionBodies()));
                requiresDataCount |= code.isRequiresDataCount();
            }
            boolean dataCount = requiresDataCount;
            inParallel(run -> module(all, run, dataCount, true));
            return module(all, -1, dataCount, false);
        }

        /** The bodies of one run, parsed by Chicory from a module of the type section and the run. */
        private CodeSection codeOf(int run) {
            int[] range = runs.get(run);
            int from = layout.bodies.get(range[0])[0];
            int to = layout.bodies.get(range[1] - 1)[1];
            // The bodies sit where they sit in the module, behind a skipped custom section: Chicory
            // records each instruction's offset in the module, and the compiler reads them.
            byte[] module = new byte[to];
            System.arraycopy(HEADER, 0, module, 0, HEADER.length);
            int at = HEADER.length;
            if (layout.typeStart >= 0) {
                module[at++] = SectionId.TYPE;
                at = paddedU32(module, at, layout.typeEnd - layout.typeStart);
                System.arraycopy(wasm, layout.typeStart, module, at, layout.typeEnd - layout.typeStart);
                at += layout.typeEnd - layout.typeStart;
            }
            int padding = from - at - 2 * (1 + PADDED_U32) - PADDED_U32;
            if (padding < 0) {
                throw new IllegalStateException("no room before the run's bodies");
            }
            module[at++] = SectionId.CUSTOM;
            at = paddedU32(module, at, padding) + padding;
            module[at++] = SectionId.CODE;
            at = paddedU32(module, at, to - at - PADDED_U32);
            at = paddedU32(module, at, range[1] - range[0]);
            System.arraycopy(wasm, from, module, at, to - from);
            CodeSection[] found = new CodeSection[1];
            Parser.Builder typesAndCode = Parser.builder().includeSectionId(SectionId.TYPE).includeSectionId(SectionId.CODE);
            typesAndCode.build().parse(new ByteArrayInputStream(module), section -> {
                if (section instanceof CodeSection parsedCode) {
                    found[0] = parsedCode;
                }
            });
            if (found[0] == null || found[0].functionBodyCount() != range[1] - range[0]) {
                throw new IllegalStateException("a run of function bodies did not parse");
            }
            return found[0];
        }

        /**
         * The module with the bodies of run {@code run} (every body for -1), and with {@code
         * validate} Chicory's validation of it; the other runs' bodies are stood in for.
         */
        private WasmModule module(List<FunctionBody> all, int run, boolean requiresDataCount, boolean validate) {
            WasmModule.Builder builder = WasmModule.builder().withValidation(validate);
            for (Section section : parsed) {
                add(builder, section);
            }
            CodeSection.Builder code = CodeSection.builder().setRequiresDataCount(requiresDataCount);
            int from = run < 0 ? 0 : runs.get(run)[0];
            int to = run < 0 ? all.size() : runs.get(run)[1];
            for (int i = 0; i < all.size(); i++) {
                code.addFunctionBody(i >= from && i < to ? all.get(i) : ANY_TYPE);
            }
            builder.setCodeSection(code.build());
            if (!validate) {
                String digest = digest(wasm);
                if (digest != null) {
                    builder.withDigest(digest);
                }
            }
            return builder.build();
        }

        /** Runs {@code task} for every run, the first on the calling thread, and waits for them all. */
        private <T> List<T> inParallel(Function<Integer, T> task) {
            List<Future<T>> others = new ArrayList<>();
            for (int run = 1; run < runs.size(); run++) {
                int index = run;
                others.add(THREADS.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>();
            try {
                results.add(task.apply(0));
                for (Future<T> other : others) {
                    results.add(other.get());
                }
                return results;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("the upload stopped waiting for this parse");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                others.forEach(other -> other.cancel(true));
            }
        }
    }

    /** As Chicory's parser hands a section to the module it builds. */
    private static void add(WasmModule.Builder module, Section section) {
        switch (section.sectionId()) {
            case SectionId.CUSTOM -> module.addCustomSection(((CustomSection) section).name(), (CustomSection) section);
            case SectionId.TYPE -> module.setTypeSection((TypeSection) section);
            case SectionId.IMPORT -> module.setImportSection((ImportSection) section);
            case SectionId.FUNCTION -> module.setFunctionSection((FunctionSection) section);
            case SectionId.TABLE -> module.setTableSection((TableSection) section);
            case SectionId.MEMORY -> module.setMemorySection((MemorySection) section);
            case SectionId.GLOBAL -> module.setGlobalSection((GlobalSection) section);
            case SectionId.EXPORT -> module.setExportSection((ExportSection) section);
            case SectionId.START -> module.setStartSection((StartSection) section);
            case SectionId.ELEMENT -> module.setElementSection((ElementSection) section);
            case SectionId.DATA -> module.setDataSection((DataSection) section);
            case SectionId.DATA_COUNT -> module.setDataCountSection((DataCountSection) section);
            case SectionId.TAG -> module.setTagSection((TagSection) section);
            default -> module.addIgnoredSection(section.sectionId());
        }
    }

    /** The digest {@link Parser#parse(byte[])} records, or {@code null} where it records none. */
    private static String digest(byte[] wasm) {
        if ("none".equals(DIGEST_ALGORITHM)) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance(DIGEST_ALGORITHM).digest(wasm);
            return DIGEST_ALGORITHM.toLowerCase(Locale.getDefault()).replace(":", "") + ":" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a module's section headers and body sizes. */
    private static final class Reader extends ModuleBytes {
        Reader(byte[] wasm, int at) {
            super(wasm);
            this.at = at;
        }
    }

    /** Writes {@code value} as an unsigned LEB128 of {@value #PADDED_U32} bytes at {@code at}; returns the end. */
    private static int paddedU32(byte[] out, int at, long value) {
        for (int i = 0; i < PADDED_U32 - 1; i++) {
            out[at + i] = (byte) (((value >>> (7 * i)) & 0x7F) | 0x80);
        }
        out[at + PADDED_U32 - 1] = (byte) ((value >>> (7 * (PADDED_U32 - 1))) & 0x7F);
        return at + PADDED_U32;
    }

}

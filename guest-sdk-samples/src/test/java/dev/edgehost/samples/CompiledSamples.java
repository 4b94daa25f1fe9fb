package dev.edgehost.samples;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import dev.edgehost.abi.Abi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The committed binaries of the samples written in a compiled language: C, Rust and AssemblyScript. */
final class CompiledSamples {
    private static final List<String> LANGUAGES = List.of("c", "rust", "assemblyscript");

    /**
     * One import of module {@value Abi#IMPORT_MODULE} by one sample; {@code functionType} is empty
     * when the import is not a function (which SPEC §2.1 forbids, so a sample must not have one).
     */
    record EdgeImport(Path wasm, String name, Optional<FunctionType> functionType) {}

    private CompiledSamples() {}

    /** Every import of module {@value Abi#IMPORT_MODULE} of every compiled sample, in file order. */
    static List<EdgeImport> edgeImports() throws IOException {
        List<EdgeImport> imports = new ArrayList<>();
        for (String language : LANGUAGES) {
            try (Stream<Path> files = Files.walk(Path.of(language))) {
                List<Path> binaries = files.filter(file -> file.toString().endsWith(".wasm"))
                        .filter(file -> !file.toString().contains("node_modules")).sorted().toList();
                for (Path wasm : binaries) {
                    WasmModule module = Parser.parse(wasm);
                    for (int i = 0; i < module.importSection().importCount(); i++) {
                        Import entry = module.importSection().getImport(i);
                        if (entry.module().equals(Abi.IMPORT_MODULE)) {
                            Optional<FunctionType> type = entry instanceof FunctionImport function
                                    ? Optional.of(module.typeSection().getType(function.typeIndex()))
                                    : Optional.empty();
                            imports.add(new EdgeImport(wasm, entry.name(), type));
                        }
                    }
                }
            }
        }
        return imports;
    }
}

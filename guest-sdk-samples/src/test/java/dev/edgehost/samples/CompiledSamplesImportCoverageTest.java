package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Import;
import dev.edgehost.abi.HostImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every import of ABI v1 is used by at least one compiled (C, Rust or AssemblyScript) sample. */
class CompiledSamplesImportCoverageTest {

    @Test
    void compiledSamples_togetherImportEveryAbiFunction() throws IOException {
        Set<String> imported = new TreeSet<>();
        for (String language : new String[] {"c", "rust", "assemblyscript"}) {
            try (Stream<Path> files = Files.walk(Path.of(language))) {
                for (Path wasm : files.filter(file -> file.toString().endsWith(".wasm") && !file.toString().contains("node_modules")).toList()) {
                    WasmModule module = Parser.parse(wasm);
                    for (int i = 0; i < module.importSection().importCount(); i++) {
                        Import entry = module.importSection().getImport(i);
                        if (entry.module().equals("edge")) {
                            imported.add(entry.name());
                        }
                    }
                }
            }
        }
        Set<String> abi = Arrays.stream(HostImport.values()).map(HostImport::importName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unused = new TreeSet<>(abi);
        unused.removeAll(imported);

        assertEquals(Set.of(), unused, "ABI functions no compiled sample uses");
    }
}

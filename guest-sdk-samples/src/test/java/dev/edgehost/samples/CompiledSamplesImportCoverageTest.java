package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.abi.HostImport;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every import of ABI v1 is used by at least one compiled (C, Rust or AssemblyScript) sample. */
class CompiledSamplesImportCoverageTest {

    @Test
    void compiledSamples_togetherImportEveryAbiFunction() throws IOException {
        Set<String> imported = CompiledSamples.edgeImports().stream()
                .map(CompiledSamples.EdgeImport::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> abi = Arrays.stream(HostImport.values()).map(HostImport::importName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unused = new TreeSet<>(abi);
        unused.removeAll(imported);

        assertEquals(Set.of(), unused, "ABI functions no compiled sample uses");
    }
}

package dev.edgehost.conformance.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every committed guest of {@code cases/} is what its WAT source compiles to ({@code cases/build.sh} rebuilds them). */
class CaseGuestsUpToDateTest {

    @TestFactory
    Stream<DynamicTest> guestWasm_matchesItsWatSource() throws IOException {
        try (Stream<Path> files = Files.walk(AbiConformanceTest.CASES)) {
            return files.filter(file -> file.toString().endsWith(".wat")).sorted().toList().stream()
                    .map(wat -> DynamicTest.dynamicTest(AbiConformanceTest.CASES.relativize(wat).toString(), () -> {
                        Path wasm = wat.resolveSibling(wat.getFileName().toString().replace(".wat", ".wasm"));
                        assertArrayEquals(Wat2Wasm.parse(Files.readString(wat)), Files.readAllBytes(wasm),
                                () -> wasm + " is not what " + wat + " compiles to; run conformance/cases/build.sh");
                    }));
        }
    }
}

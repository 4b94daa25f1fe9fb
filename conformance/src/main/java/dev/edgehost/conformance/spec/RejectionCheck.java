package dev.edgehost.conformance.spec;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs an {@code assert_invalid} or {@code assert_malformed} module through Chicory's parser and
 * validator, on the original module only. Chicory leaves a few checks (export indexes, duplicate
 * export names, import type indexes) to {@link Instance.Builder#build()}, so a module the parser
 * accepts is also built, uninitialized, against the spectest host: an {@code InvalidException}
 * from there rejects it as well. A module written as text (a {@code module quote}) is first
 * converted with wat2wasm; when wat2wasm already refuses it, it is malformed text.
 */
final class RejectionCheck {
    private final ImportValues spectest;

    RejectionCheck(ImportValues spectest) {
        this.spectest = spectest;
    }

    Outcome check(Path file, boolean text) {
        byte[] wasm;
        try {
            wasm = text ? Wat2Wasm.parse(file.toFile()) : Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return new Outcome.Failed(FailureKind.MALFORMED, "wat2wasm refuses the text: " + e.getMessage());
        }
        WasmModule module;
        try {
            module = Parser.parse(wasm);
        } catch (RuntimeException | StackOverflowError e) {
            return FailureClassifier.duringInstantiation(e);
        }
        try {
            Instance.builder(module).withImportValues(spectest).withInitialize(false).build();
            return Outcome.Completed.NOTHING;
        } catch (RuntimeException | StackOverflowError e) {
            Outcome.Failed failed = FailureClassifier.duringInstantiation(e);
            return new Outcome.Failed(failed.kind(), "parsed, then refused by Instance.Builder: " + failed.message());
        }
    }
}

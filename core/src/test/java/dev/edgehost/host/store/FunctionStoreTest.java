package dev.edgehost.host.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.spi.StoredFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionStoreTest {
    private static final byte[] MODULE_A = {0, 'a', 's', 'm', 1};
    private static final byte[] MODULE_B = {0, 'a', 's', 'm', 2};

    private static StoredFunction function(String name, byte[] wasm) {
        FunctionSettings settings =
                FunctionSettings.builder()
                        .limits(FunctionLimits.builder().memoryPages(7).timeout(Duration.ofMillis(1500)).build())
                        .engine(Engine.INTERPRETER)
                        .config("key", "value with spaces")
                        .config("other", "")
                        .kvStore("carts")
                        .allowFetch("https://*.example.com")
                        .build();
        return new StoredFunction(name, FunctionStore.sha256(wasm), wasm, settings, Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void save_thenLoadAll_roundTripsEveryField(@TempDir Path dir) {
        StoredFunction saved = function("fn", MODULE_A);
        FunctionStore.open(dir).save(saved);

        List<StoredFunction> loaded = FunctionStore.open(dir).loadAll();

        assertEquals(1, loaded.size());
        StoredFunction function = loaded.get(0);
        assertEquals("fn", function.name());
        assertEquals(saved.sha256(), function.sha256());
        assertArrayEquals(MODULE_A, function.wasm());
        assertEquals(saved.settings(), function.settings());
        assertEquals(saved.deployedAt(), function.deployedAt());
    }

    @Test
    void save_sameName_replacesAndDropsTheUnusedModule(@TempDir Path dir) throws IOException {
        FunctionStore store = FunctionStore.open(dir);
        store.save(function("fn", MODULE_A));
        store.save(function("fn", MODULE_B));

        assertArrayEquals(MODULE_B, store.loadAll().get(0).wasm());
        assertEquals(List.of(FunctionStore.sha256(MODULE_B) + ".wasm"), fileNames(dir.resolve("modules")));
    }

    @Test
    void delete_keepsAModuleAnotherFunctionUses(@TempDir Path dir) throws IOException {
        FunctionStore store = FunctionStore.open(dir);
        store.save(function("one", MODULE_A));
        store.save(function("two", MODULE_A));

        store.delete("one");

        assertEquals(List.of("two"), store.loadAll().stream().map(StoredFunction::name).toList());
        assertEquals(1, fileNames(dir.resolve("modules")).size());
        store.delete("two");
        assertEquals(List.of(), fileNames(dir.resolve("modules")));
    }

    @Test
    void loadAll_tornFunctionFile_isSkipped(@TempDir Path dir) throws IOException {
        FunctionStore store = FunctionStore.open(dir);
        store.save(function("good", MODULE_A));
        Files.writeString(dir.resolve("functions/torn.json"), "{\"name\":", StandardCharsets.UTF_8);

        assertEquals(List.of("good"), store.loadAll().stream().map(StoredFunction::name).toList());
    }

    @Test
    void loadAll_leftoverTemporaryFile_isIgnored(@TempDir Path dir) throws IOException {
        FunctionStore store = FunctionStore.open(dir);
        store.save(function("good", MODULE_A));
        Files.writeString(dir.resolve("functions/other.json.tmp"), "{", StandardCharsets.UTF_8);

        assertEquals(1, store.loadAll().size());
    }

    @Test
    void loadAll_moduleFailingItsChecksum_isSkipped(@TempDir Path dir) throws IOException {
        FunctionStore store = FunctionStore.open(dir);
        StoredFunction saved = function("fn", MODULE_A);
        store.save(saved);
        Files.write(dir.resolve("modules/" + saved.sha256() + ".wasm"), MODULE_B);

        assertEquals(List.of(), store.loadAll());
    }

    @Test
    void open_dataDirIsAFile_failsClearly(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x", StandardCharsets.UTF_8);

        StorageException error = assertThrows(StorageException.class, () -> FunctionStore.open(file));
        assertTrue(error.getMessage().contains("cannot create the data dir"), error.getMessage());
    }

    @Test
    void sha256_isLowerCaseHex() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FunctionStore.sha256(new byte[0]));
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}

package dev.edgehost.host.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import dev.edgehost.testing.KvBackendContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreKvBackendTest extends KvBackendContract {
    @TempDir
    Path dir;

    private MvStoreKvBackend backend;

    @Override
    protected KvBackend backend() {
        backend = MvStoreKvBackend.open(dir.resolve("kv.mv.db"));
        return backend;
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void reopen_everyAcknowledgedWriteIsThere() {
        KvBackend kv = backend();
        kv.set("fn/a", bytes("k"), bytes("v"), 0);
        kv.increment("fn/a", bytes("n"), 3, 0);
        kv.set("fn/a", bytes("gone"), bytes("x"), 0);
        kv.delete("fn/a", bytes("gone"));
        backend.close();

        KvBackend reopened = backend();

        assertArrayEquals(bytes("v"), reopened.get("fn/a", bytes("k")));
        assertEquals(4, reopened.increment("fn/a", bytes("n"), 1, 0));
        assertEquals(null, reopened.get("fn/a", bytes("gone")));
    }

    @Test
    void open_fileHeldByAnotherStore_failsClearly() {
        backend();

        assertThrows(KvUnavailableException.class, () -> MvStoreKvBackend.open(dir.resolve("kv.mv.db")));
    }

    @Test
    void open_unwritableLocation_failsClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThrows(KvUnavailableException.class, () -> MvStoreKvBackend.open(file.resolve("kv.mv.db")));
    }
}

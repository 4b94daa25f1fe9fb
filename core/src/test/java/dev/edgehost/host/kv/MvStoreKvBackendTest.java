package dev.edgehost.host.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import dev.edgehost.testing.KvBackendContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void concurrentWriters_everyAcknowledgedWriteIsInTheFileBeforeTheStoreCloses() throws Exception {
        KvBackend kv = backend();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String writer = "w" + t;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    kv.set("fn/a", bytes(writer + "-" + i), bytes("v"), 0);
                    kv.increment("fn/a", bytes("n"), 1, 0);
                }
            }));
        }
        for (Future<?> writes : done) {
            writes.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        // The file as a killed host would leave it: the commits grouped, none skipped.
        Path copy = Files.copy(dir.resolve("kv.mv.db"), dir.resolve("copy.mv.db"));
        try (MvStoreKvBackend killed = MvStoreKvBackend.open(copy)) {
            assertEquals(401, killed.increment("fn/a", bytes("n"), 1, 0));
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < 100; i++) {
                    assertArrayEquals(bytes("v"), killed.get("fn/a", bytes("w" + t + "-" + i)));
                }
            }
        }
    }

    @Test
    void set_onAnInterruptedThread_leavesTheStoreWritableAndTheInterruptSet() throws Exception {
        KvBackend kv = backend();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> interrupted = writer.submit(() -> {
                Thread.currentThread().interrupt();
                kv.set("fn/a", bytes("k"), bytes("v"), 0);
                return Thread.interrupted();
            });

            assertTrue(interrupted.get(10, TimeUnit.SECONDS), "the deadline's interrupt is still there for the guest to find");
        } finally {
            writer.shutdownNow();
        }
        kv.set("fn/b", bytes("k"), bytes("w"), 0);
        assertArrayEquals(bytes("w"), kv.get("fn/b", bytes("k")), "an interrupted writer did not close the file for everyone");
        backend.close();
        assertArrayEquals(bytes("v"), backend().get("fn/a", bytes("k")));
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

package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data dir holds one host at a time: the second is refused with a message that says what to do. */
class DataDirInUseTest {

    @Test
    void build_onADataDirAnotherHostHolds_failsNamingTheDirAndTheFlag(@TempDir Path dataDir) {
        try (EdgeHost first = EdgeHost.builder().dataDir(dataDir).workers(1).build()) {
            StorageException refused = assertThrows(StorageException.class, () -> EdgeHost.builder().dataDir(dataDir).workers(1).build());

            assertTrue(refused.getMessage().startsWith("the data dir " + dataDir + " is in use by another host (its kv.mv.db file is locked)"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("give this one its own --data-dir"), refused.getMessage());
            assertEquals(0, first.functions().size(), "the first host keeps working");
        }
        try (EdgeHost again = EdgeHost.builder().dataDir(dataDir).workers(1).build()) {
            assertEquals(0, again.functions().size(), "the refused host let go of the data dir; once the first stops, it opens");
        }
    }
}

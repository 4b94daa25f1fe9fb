package dev.edgehost.host.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.FunctionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function's versions and traffic survive the record and the data dir, with the modules they need. */
class FunctionHistoryJsonTest {
    private static final byte[] ONE = "(one)".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TWO = "(two)".getBytes(StandardCharsets.UTF_8);
    private static final byte[] THREE = "(three)".getBytes(StandardCharsets.UTF_8);

    private static FunctionVersion version(int number, byte[] module, String by) {
        return new FunctionVersion(
                number, FunctionStore.sha256(module), FunctionKind.WASM,
                FunctionSettings.builder().config("n", String.valueOf(number)).build(), Instant.ofEpochSecond(number), by);
    }

    private static StoredFunction split() {
        FunctionVersion one = version(1, ONE, "unknown");
        FunctionVersion two = version(2, TWO, "admin token from 10.0.0.7");
        FunctionVersion three = version(3, THREE, "admin API from 127.0.0.1");
        Traffic traffic = new Traffic(
                List.of(new Traffic.Share(2, 90), new Traffic.Share(3, 10)), "cookie:uid",
                List.of(new Traffic.Rule("x-canary", "1", 3)));
        FunctionHistory history = new FunctionHistory(List.of(three, two, one), 2, traffic);
        return new StoredFunction(
                "fn", two.sha256(), TWO, two.settings(), two.deployedAt(), FunctionKind.WASM, history,
                Map.of(three.sha256(), THREE));
    }

    @Test
    void write_thenRead_keepsVersionsAndTraffic() throws IOException {
        StoredFunction function = split();

        StoredFunctionJson.Header header = StoredFunctionJson.read(StoredFunctionJson.write(function));

        assertEquals(function.history(), header.history());
        assertEquals(List.of(function.history().version(3).orElseThrow()), header.otherServingVersions());
    }

    @Test
    void dataDir_keepsEveryKeptVersionsModule_andDropsPrunedOnes(@TempDir Path dir) {
        FunctionStore store = FunctionStore.open(dir);
        FunctionVersion one = version(1, ONE, "unknown");
        store.save(new StoredFunction(
                "fn", one.sha256(), ONE, one.settings(), one.deployedAt(), FunctionKind.WASM,
                new FunctionHistory(List.of(one), 1, null), Map.of()));
        StoredFunction function = split();
        store.save(function);

        StoredFunction loaded = store.load("fn");
        assertEquals(function.history(), loaded.history());
        assertArrayEquals(THREE, loaded.module(FunctionStore.sha256(THREE)));
        assertArrayEquals(ONE, store.module(FunctionStore.sha256(ONE), FunctionKind.WASM), "version 1 stays for a rollback");

        FunctionHistory pruned = function.history().rolledBackTo(2).pruned(1);
        // The newest one, and the one serving.
        assertEquals(List.of(3, 2), pruned.versions().stream().map(FunctionVersion::number).toList());
        pruned = new FunctionHistory(List.of(function.history().version(2).orElseThrow()), 2, null);
        store.save(new StoredFunction(
                "fn", function.sha256(), TWO, function.settings(), function.deployedAt(), FunctionKind.WASM, pruned, Map.of()));
        assertNull(store.module(FunctionStore.sha256(ONE), FunctionKind.WASM));
        assertNull(store.module(FunctionStore.sha256(THREE), FunctionKind.WASM));
    }

    @Test
    void recordWithoutVersions_isVersionOne() throws IOException {
        byte[] json = ("{\"name\":\"old\",\"sha256\":\"ab\",\"deployedAt\":\"1970-01-01T00:00:00Z\",\"settings\":"
                + "{\"engine\":\"compiler\",\"limits\":{},\"config\":{},\"fetchAllow\":[]}}").getBytes(StandardCharsets.UTF_8);

        FunctionHistory history = StoredFunctionJson.read(json).history();

        assertEquals(1, history.serving());
        assertEquals(FunctionVersion.UNKNOWN_DEPLOYER, history.servingVersion().deployedBy());
    }
}

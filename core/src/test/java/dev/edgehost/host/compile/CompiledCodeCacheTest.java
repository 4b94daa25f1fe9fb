package dev.edgehost.host.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.instances.TestRuntimes;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledCodeCacheTest {
    @TempDir
    Path dir;

    @Test
    void get_afterPut_returnsTheBytes() {
        CompiledCodeCache cache = CompiledCodeCache.open(dir);
        cache.putIfAbsent("sha-256:abc/+=", new byte[] {1, 2, 3});

        assertArrayEquals(new byte[] {1, 2, 3}, cache.get("sha-256:abc/+="));
        assertNull(cache.get("sha-256:other"));
    }

    @Test
    void get_damagedEntry_isAMiss() throws IOException {
        CompiledCodeCache cache = CompiledCodeCache.open(dir);
        cache.putIfAbsent("key", new byte[] {1, 2, 3});
        Path entry = entries().get(0);
        byte[] stored = Files.readAllBytes(entry);
        stored[stored.length - 1] ^= 1;
        Files.write(entry, stored);

        assertNull(cache.get("key"));
    }

    @Test
    void deploy_withACompiledCodeDir_keepsTheModuleAndServesFromItAfterARestart() throws IOException {
        byte[] hello;
        try (InputStream in = getClass().getResourceAsStream("/samples/wat/hello.wasm")) {
            hello = in.readAllBytes();
        }
        RuntimeOptions options = RuntimeOptions.defaults().withCompiledCodeDir(dir);
        FunctionSettings settings = FunctionSettings.builder().engine(Engine.COMPILER).build();
        try (EdgeRuntime first = TestRuntimes.create(1 << 20, options)) {
            first.deploy("hello", hello, settings, false);
        }
        assertEquals(1, entries().size());

        try (EdgeRuntime restarted = TestRuntimes.create(1 << 20, options)) {
            Deployment deployment = restarted.deploy("hello", hello, settings, false).deployment();
            GuestRequest request = new GuestRequest("GET", "http://localhost/hello", List.of(), new byte[0]);
            byte[] body = restarted.invoke(deployment, request, "test", (level, message) -> { }, new InvocationStats()).body();
            assertEquals("Hello from the edge!\n", new String(body, StandardCharsets.UTF_8));
        }
        assertNotNull(CompiledCodeCache.open(dir));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".jar")).toList();
        }
    }
}

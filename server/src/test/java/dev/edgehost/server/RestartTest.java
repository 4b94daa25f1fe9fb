package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployed functions and their settings survive a restart; removed ones stay removed. */
class RestartTest {

    @Test
    void restart_deployedFunctions_areServedAgainWithTheirSettings(@TempDir Path dataDir) {
        JsonNode before;
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("greeter", TestHost.sample("config"), "config.greeting=persisted&timeout-ms=1234");
            host.deployOrFail("gone", TestHost.sample("hello"), "");
            host.deployOrFail("replaced", TestHost.sample("hello"), "");
            host.deployOrFail("replaced", TestHost.sample("counter"), "engine=interpreter");
            assertEquals(204, host.admin("DELETE", "/functions/gone").statusCode());
            before = TestHost.json(host.admin("GET", "/functions/greeter"));
        }

        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals("persisted", host.get("/greeter").body());
            assertEquals("42,42", host.get("/replaced").body());
            assertEquals(404, host.get("/gone").statusCode());
            JsonNode after = TestHost.json(host.admin("GET", "/functions/greeter"));
            assertEquals(before, after);
            assertEquals(1234, after.path("limits").path("timeout-ms").asInt());
            assertEquals("interpreter", TestHost.json(host.admin("GET", "/functions/replaced")).path("engine").asText());
        }
    }

    @Test
    void restart_unreadableEntry_isSkippedAndTheRestServed(@TempDir Path dataDir) throws IOException {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("good", TestHost.sample("hello"), "");
            host.deployOrFail("torn", TestHost.sample("counter"), "");
        }
        Files.writeString(dataDir.resolve("functions/torn.json"), "{\"name\": \"torn\", \"sha", StandardCharsets.UTF_8);

        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals(200, host.get("/good").statusCode());
            assertEquals(404, host.get("/torn").statusCode());
        }
    }

    @Test
    void restart_moduleFailingItsChecksum_isSkipped(@TempDir Path dataDir) throws IOException {
        String sha;
        try (TestHost host = TestHost.start(dataDir)) {
            sha = TestHost.json(host.deploy("fn", TestHost.sample("hello"), "")).path("sha256").asText();
        }
        Files.write(dataDir.resolve("modules/" + sha + ".wasm"), TestHost.sample("counter"));

        try (TestHost host = TestHost.start(dataDir)) {
            assertEquals(404, host.get("/fn").statusCode());
        }
    }

    @Test
    void bundledSamples_areServedButNotStored(@TempDir Path dataDir) throws IOException {
        try (TestHost host = TestHost.start(dataDir, builder -> builder.bundledSamples(true))) {
            assertEquals("Hello from the edge!\n", host.get("/hello").body());
            assertFalse(TestHost.json(host.admin("GET", "/functions/hello")).path("persistent").asBoolean());
        }
        try (var stored = Files.list(dataDir.resolve("functions"))) {
            assertEquals(0, stored.count());
        }
    }

    @Test
    void bundledSamples_neverReplaceAUserFunction(@TempDir Path dataDir) {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("hello", TestHost.sample("counter"), "");
        }
        try (TestHost host = TestHost.start(dataDir, builder -> builder.bundledSamples(true))) {
            assertEquals("42,42", host.get("/hello").body());
            assertTrue(TestHost.json(host.admin("GET", "/functions/hello")).path("persistent").asBoolean());
        }
    }

    @Test
    void deploy_storeCannotWrite_isAClearErrorAndTheEarlierVersionKeepsServing(@TempDir Path dataDir) throws IOException {
        try (TestHost host = TestHost.start(dataDir)) {
            host.deployOrFail("fn", TestHost.sample("hello"), "");
            // The modules folder becomes a file: every write into it fails, as on a full disk.
            Path modules = dataDir.resolve("modules");
            Files.move(modules, dataDir.resolve("modules-moved"));
            Files.writeString(modules, "not a folder");

            var refused = host.deploy("fn", TestHost.sample("counter"), "");

            assertEquals(500, refused.statusCode());
            assertEquals("internal_error", TestHost.errorCode(refused));
            assertTrue(TestHost.json(refused).path("message").asText().startsWith("cannot store function fn"), refused.body());
            assertEquals("Hello from the edge!\n", host.get("/fn").body());
        }
    }
}

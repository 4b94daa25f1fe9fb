package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.PaddedModules;
import dev.edgehost.testhost.TestHost;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads up to the host's module limit (64 MiB by default) are taken whole, beyond it refused as
 * {@code 413 upload_too_large}; Undertow's own 2 MiB body cap must not cut them short.
 */
@Timeout(120)
class LargeUploadTest {
    private static final long DEFAULT_LIMIT = 64L << 20;

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 20, 60})
    void deploy_moduleOfManyMebibytes_isDeployedAndServed(int mebibytes) {
        byte[] wasm = PaddedModules.ofSize((long) mebibytes << 20);

        HttpResponse<String> response = host.deploy("big" + mebibytes, wasm, "");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(wasm.length, TestHost.json(response).path("size").asLong());
        assertEquals("Hello from the edge!\n", host.get("/big" + mebibytes).body());
    }

    @Test
    void deploy_moduleOfExactlyTheLimit_isDeployed() {
        HttpResponse<String> response = host.deploy("limit", PaddedModules.ofSize(DEFAULT_LIMIT), "");

        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void deploy_chunkedModuleOf20MiB_isDeployed() {
        // Undertow fixes its own cap on a chunked body before any handler could raise it.
        byte[] wasm = PaddedModules.ofSize(20L << 20);

        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.adminUri("/functions/chunked"))
                                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(wasm)))
                                .build());

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(wasm.length, TestHost.json(response).path("size").asLong());
    }

    @Test
    void deploy_declaredOneByteOverTheLimit_isUploadTooLarge() {
        assertUploadTooLarge(host.deploy("over", PaddedModules.ofSize(DEFAULT_LIMIT + 1), ""));
    }

    @Test
    void deploy_overTheLimitWaitingForContinue_isRefusedBeforeItsBodyIsSent() {
        String request =
                "PUT /functions/over HTTP/1.1\r\nhost: localhost\r\ncontent-length: " + (DEFAULT_LIMIT + 1)
                        + "\r\nexpect: 100-continue\r\n\r\n";
        try (SlowClients client = SlowClients.open(host.server().adminPort(), 1, "")) {
            assertEquals("HTTP/1.1 413 Request Entity Too Large", client.statusLine(0, request));
        }
    }

    @Test
    void deploy_declaredOverTheLimitAndSent_isReadToItsEndAndRefused() {
        // The CLI sends the whole module before it reads the answer: it must see the 413, not a reset.
        byte[] wasm = PaddedModules.ofSize(DEFAULT_LIMIT + (4 << 20));
        for (int i = 0; i < 3; i++) {
            assertUploadTooLarge(host.deploy("over", wasm, ""));
        }
    }

    @Test
    void deploy_chunkedOneByteOverTheLimit_isUploadTooLarge() {
        byte[] wasm = PaddedModules.ofSize(DEFAULT_LIMIT + 1);

        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.adminUri("/functions/over"))
                                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(wasm)))
                                .build());

        assertUploadTooLarge(response);
        assertEquals(404, host.admin("GET", "/functions/over").statusCode());
    }

    @Test
    void kvPut_valueOverTwoMebibytes_isStoredWhole() {
        host.deployOrFail("kv", TestHost.sample("hello"), "kv-max-value-bytes=" + (8 << 20));
        byte[] value = new byte[5 << 20];
        Arrays.fill(value, (byte) 'v');

        HttpResponse<String> put =
                host.send(
                        HttpRequest.newBuilder(host.adminUri("/functions/kv/kv/large"))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(value))
                                .build());
        HttpResponse<byte[]> get = host.sendForBytes(HttpRequest.newBuilder(host.adminUri("/functions/kv/kv/large")).build());

        assertEquals(204, put.statusCode(), put.body());
        assertArrayEquals(value, get.body());
    }

    private static void assertUploadTooLarge(HttpResponse<String> response) {
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("upload_too_large", TestHost.errorCode(response));
        String message = TestHost.json(response).path("message").asText();
        assertTrue(message.contains(String.valueOf(DEFAULT_LIMIT)), message);
    }
}

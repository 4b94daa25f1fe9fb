package dev.edgehost.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A response the guest flushes ({@code resp_flush}), through the servlet in a real Tomcat. */
class EdgeServletStreamTest {
    private static final String STREAMED =
            "start\nchunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\nchunk 6\nchunk 7\nchunk 8\nchunk 9\n";

    @TempDir
    static Path baseDir;

    private static EdgeHost host;
    private static TestTomcat tomcat;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        host = EdgeHost.builder().workers(2).build();
        host.deploy("stream", TestTomcat.sample("stream"), FunctionSettings.defaults());
        tomcat = new TestTomcat(baseDir).mount("", "/edge/*", "edge", new EdgeServlet(host)).start();
    }

    @AfterAll
    static void stop() {
        tomcat.close();
        host.close();
    }

    @Test
    void flushedResponse_isSentChunkedWithTheHostsHeaders() {
        HttpResponse<String> response = tomcat.send(HttpRequest.newBuilder(tomcat.uri("/edge/stream")).build());

        assertEquals(200, response.statusCode());
        assertEquals(STREAMED, response.body());
        assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElseThrow());
        assertTrue(response.headers().firstValue("x-request-id").orElseThrow().matches("[0-9a-f]{24}"));
    }

    @Test
    void trapAfterTheFlush_cutsTheConnectionInsteadOfEndingTheBody() throws Exception {
        HttpResponse<InputStream> response =
                CLIENT.send(
                        HttpRequest.newBuilder(tomcat.uri("/edge/stream")).header("x-fail", "1").build(),
                        HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            byte[] start = body.readNBytes(6);
            assertEquals("start\n", new String(start, StandardCharsets.US_ASCII));
            assertThrows(IOException.class, body::readAllBytes);
        }
        assertEquals(STREAMED, tomcat.send(HttpRequest.newBuilder(tomcat.uri("/edge/stream")).build()).body());
    }
}

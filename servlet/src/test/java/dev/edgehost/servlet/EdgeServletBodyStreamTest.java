package dev.edgehost.servlet;

import static dev.edgehost.testing.RawHttp.chunk;
import static dev.edgehost.testing.RawHttp.readAnswer;
import static dev.edgehost.testing.RawHttp.readToEnd;
import static dev.edgehost.testing.RawHttp.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request body over 64 KiB reaches the guest as it arrives through the servlet in a real Tomcat, held to the function's limit. */
class EdgeServletBodyStreamTest {
    /**
     * Streams "got\n" for each chunk of the request body it reads (64 KiB reads that fill), then "end N\n". Its
     * stream pulls only when the response wants a chunk (highWaterMark 0): a read of the body blocks the engine
     * until the bytes come, so pulling ahead would hold back the chunks already made.
     */
    private static final String READER =
            """
            export default {
              async fetch(request) {
                const reader = request.body.getReader();
                let total = 0;
                return new Response(new ReadableStream({
                  async pull(controller) {
                    const { value, done } = await reader.read();
                    if (done) {
                      controller.enqueue(`end ${total}\\n`);
                      controller.close();
                    } else {
                      total += value.length;
                      controller.enqueue('got\\n');
                    }
                  },
                }, { highWaterMark: 0 }));
              },
            };
            """;

    @TempDir
    static Path baseDir;

    private static EdgeHost host;
    private static TestTomcat tomcat;

    @BeforeAll
    static void start() {
        host = EdgeHost.builder().workers(2).build();
        host.deployScript("reader", READER, FunctionSettings.defaults());
        host.deploy("echo", TestTomcat.sample("echo"),
                FunctionSettings.builder().limits(FunctionLimits.builder().maxRequestBodyBytes(200_000).build()).build());
        tomcat = new TestTomcat(baseDir).mount("", "/edge/*", "edge", new EdgeServlet(host)).start();
    }

    @AfterAll
    static void stop() {
        tomcat.close();
        host.close();
    }

    @Test
    void largeBodyFromAnHttpClient_arrivesWhole() {
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 'b');
        HttpResponse<String> response =
                tomcat.send(HttpRequest.newBuilder(tomcat.uri("/edge/reader")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertEquals(200, response.statusCode());
        // Five reads fill 64 KiB each (fuel does not depend on how the bytes arrived), and one takes the rest.
        assertEquals("got\n".repeat(5) + "end 300000\n", response.body());
    }

    @Test
    void chunkedBodyPassesTheLimitMidStream_isRequestTooLargeAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tomcat.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /edge/echo HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            chunk(out, 100_000);
            try {
                chunk(out, 150_000);
                Thread.sleep(200);
                chunk(out, 150_000);
            } catch (IOException e) {
                // The container may close the connection before all of it is sent.
            }
            // By its framing, not to the connection's end: Tomcat drains the rest of the refused body
            // before it closes, and this client sends no more of it, so the close waits for Tomcat's timeout.
            String answer = readAnswer(socket.getInputStream());

            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"error\":\"request_too_large\""), answer);
            assertTrue(answer.contains("200000"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close"), answer);
        }
    }

    @Test
    void trickledChunkedBody_isAnsweredAsItArrives() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tomcat.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /edge/reader HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            chunk(out, 70_000);
            for (int i = 0; i < 20; i++) {
                Thread.sleep(50);
                chunk(out, 100);
            }
            // The body has not ended, yet the guest's answer to what came is on its way.
            String before = readUntil(socket.getInputStream(), "got\n");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = before + readToEnd(socket.getInputStream());

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("end 72000"), answer);
        }
    }
}

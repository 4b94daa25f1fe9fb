package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How responses reach the client over one connection: whole, in order and on the same connection
 * for keep-alive and pipelined requests, large ones drained as the client reads, a client gone
 * before its answer costing no other request, error answers keeping the connection, and a body
 * still arriving when the guest answers closing it.
 */
class ResponseWritingTest {
    private static final int LARGE_BYTES = 64 * 65536;
    /** Fills its page with the bytes 0 to 255 over and over, then writes it 64 times: 4 MiB. */
    private static final String LARGE =
            """
            (module
              (import "edge" "resp_write" (func $write (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "handle") (local $i i32)
                (loop $fill
                  (i32.store8 (local.get $i) (local.get $i))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $fill (i32.lt_u (local.get $i) (i32.const 65536))))
                (local.set $i (i32.const 0))
                (loop $next
                  (drop (call $write (i32.const 0) (i32.const 65536)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $next (i32.lt_u (local.get $i) (i32.const 64))))))
            """;
    private static final String HELLO = "Hello from the edge!\n";
    private static final String TRAP = "(module (memory (export \"memory\") 1) (func (export \"handle\") unreachable))";

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
        host.deployOrFail("hello", TestHost.sample("hello"), "");
        host.deployOrFail("echo", TestHost.sample("echo"), "");
        host.deployOrFail("large", TestHost.wat(LARGE), "max-response-body=" + LARGE_BYTES);
        host.deployOrFail("trap", TestHost.wat(TRAP), "");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void response_manyOnOneKeptAliveConnection_allWholeAndInOrder() throws Exception {
        try (Socket socket = socket()) {
            for (int i = 0; i < 200; i++) {
                write(socket, "GET /echo/" + i + " HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\n\r\n" + String.format(Locale.ROOT, "%03d", i % 1000));
                Answer answer = read(socket.getInputStream());
                assertEquals(200, answer.status());
                assertTrue(answer.text().startsWith("GET\nhttp://x/echo/" + i + "\n"), answer.text());
                assertTrue(answer.text().endsWith("\n\n" + String.format(Locale.ROOT, "%03d", i % 1000)), answer.text());
                assertTrue(answer.head().toLowerCase(Locale.ROOT).contains("x-request-id: "), answer.head());
            }
        }
    }

    @Test
    void response_pipelinedRequests_answeredInTheirOrder() throws Exception {
        try (Socket socket = socket()) {
            StringBuilder requests = new StringBuilder();
            int count = 50;
            for (int i = 0; i < count; i++) {
                String body = "request " + i;
                requests.append("POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: ").append(body.length()).append("\r\n\r\n").append(body);
                if (i % 10 == 3) {
                    requests.append("GET /hello HTTP/1.1\r\nhost: x\r\n\r\n");
                }
            }
            write(socket, requests.toString());
            InputStream in = socket.getInputStream();
            for (int i = 0; i < count; i++) {
                Answer answer = read(in);
                assertEquals(200, answer.status());
                assertTrue(answer.text().endsWith("\n\nrequest " + i), answer.text());
                if (i % 10 == 3) {
                    assertEquals(HELLO, read(in).text());
                }
            }
        }
    }

    @Test
    void response_largeBody_arrivesWholeAndTheConnectionGoesOn() throws Exception {
        byte[] expected = new byte[LARGE_BYTES];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        try (Socket socket = socket()) {
            for (int i = 0; i < 3; i++) {
                write(socket, "GET /large HTTP/1.1\r\nhost: x\r\n\r\n");
                Answer answer = read(socket.getInputStream());
                assertEquals(200, answer.status());
                assertArrayEquals(expected, answer.body());
            }
            write(socket, "GET /hello HTTP/1.1\r\nhost: x\r\n\r\n");
            assertEquals(HELLO, read(socket.getInputStream()).text());
        }
    }

    @Test
    void response_clientClosesBeforeItsAnswer_othersAreServed() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket socket = socket()) {
                write(socket, "GET /large HTTP/1.1\r\nhost: x\r\n\r\n");
                // Reads a little of the 4 MiB, then goes away.
                assertTrue(socket.getInputStream().read(new byte[100]) > 0);
            }
            try (Socket socket = socket()) {
                write(socket, "GET /large HTTP/1.1\r\nhost: x\r\n\r\n");
            }
        }
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = host.get("/hello");
            assertEquals(200, response.statusCode());
            assertEquals(HELLO, response.body());
        }
    }

    @Test
    void response_guestFails_errorAnswerWithItsRequestIdOnTheSameConnection() throws Exception {
        try (Socket socket = socket()) {
            write(socket, "GET /trap HTTP/1.1\r\nhost: x\r\nx-request-id: abcdef0123456789abcdef01\r\n\r\n");
            Answer failed = read(socket.getInputStream());
            assertEquals(500, failed.status());
            assertTrue(failed.text().contains("\"error\":\"trap\""), failed.text());
            assertTrue(failed.text().contains("abcdef0123456789abcdef01"), failed.text());
            assertTrue(failed.head().toLowerCase(Locale.ROOT).contains("x-edge-version: 1"), failed.head());
            write(socket, "GET /hello HTTP/1.1\r\nhost: x\r\n\r\n");
            assertEquals(HELLO, read(socket.getInputStream()).text());
        }
    }

    @Test
    void response_bodyStillArrivingWhenTheGuestAnswers_answeredAndTheConnectionClosed() throws Exception {
        // hello answers without reading its body: the rest of a streamed upload is never read.
        try (Socket socket = socket()) {
            write(socket, "POST /hello HTTP/1.1\r\nhost: x\r\ncontent-length: 10000000\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(new byte[200_000]);
            out.flush();
            Answer answer = read(socket.getInputStream());
            assertEquals(200, answer.status());
            assertEquals(HELLO, answer.text());
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void response_streamedUploadEchoed_wholeThroughTheClient() {
        byte[] body = new byte[3 << 20];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7);
        }
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> response =
                    host.sendForBytes(HttpRequest.newBuilder(host.uri("/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            statuses.add(response.statusCode());
            byte[] answer = response.body();
            assertArrayEquals(body, Arrays.copyOfRange(answer, answer.length - body.length, answer.length));
        }
        assertEquals(List.of(200, 200, 200), statuses);
    }

    private static Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", host.server().port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One answer: its status, its head as text, and its body. */
    private record Answer(int status, String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one answer with a content-length, as a keep-alive client does, leaving the next one unread. */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed within an answer's head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = -1;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        if (length < 0) {
            throw new IOException("no content-length: " + text);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("the connection closed within an answer's body");
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text, body);
    }
}

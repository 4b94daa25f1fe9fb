package dev.edgehost.server;

import static dev.edgehost.testing.RawHttp.chunk;
import static dev.edgehost.testing.RawHttp.readToEnd;
import static dev.edgehost.testing.RawHttp.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request body larger than 64 KiB reaches a handler-mode guest as it arrives, from a real client that trickles it. */
class StreamingRequestBodyTest {
    /** Flushes its head, then answers "got\n" for every req_body_read that returns bytes, and "end N\n" at the end. */
    private static final String READER =
            """
            (module
              (import "edge" "req_body_read" (func $read (param i32 i32) (result i32)))
              (import "edge" "resp_write" (func $write (param i32 i32) (result i32)))
              (import "edge" "resp_flush" (func $flush (result i32)))
              (memory (export "memory") 2)
              (data (i32.const 0) "got\\nend ")
              (func (export "handle") (local $n i32) (local $total i32) (local $at i32)
                (drop (call $flush))
                (loop $next
                  (local.set $n (call $read (i32.const 1024) (i32.const 65536)))
                  (if (i32.gt_s (local.get $n) (i32.const 0))
                    (then
                      (local.set $total (i32.add (local.get $total) (local.get $n)))
                      (drop (call $write (i32.const 0) (i32.const 4)))
                      (br $next))))
                (drop (call $write (i32.const 4) (i32.const 4)))
                ;; the total in decimal, written backwards from 1000, then a line feed
                (local.set $at (i32.const 1000))
                (i32.store8 (i32.const 1000) (i32.const 10))
                (loop $digits
                  (local.set $at (i32.sub (local.get $at) (i32.const 1)))
                  (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $total) (i32.const 10))))
                  (local.set $total (i32.div_u (local.get $total) (i32.const 10)))
                  (br_if $digits (i32.ne (local.get $total) (i32.const 0))))
                (drop (call $write (local.get $at) (i32.sub (i32.const 1001) (local.get $at))))))
            """;

    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
        host.deployOrFail("reader", TestHost.wat(READER), "timeout-ms=20000");
        host.deployOrFail("echo", TestHost.sample("echo"), "max-request-body=200000");
        host.deployOrFail("cgi-echo", TestHost.sample("cgi-echo"), "");
        host.deployOrFail("impatient", TestHost.sample("echo"), "timeout-ms=500");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void reqBodyRead_bodyTrickledInChunks_readsEachPartBeforeTheRestIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", host.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("POST /reader HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            chunk(out, 100_000);
            // The guest has read the first part and said so while the body is still open.
            String first = readUntil(in, "got\n");
            assertTrue(first.startsWith("HTTP/1.1 200"), first);

            chunk(out, 10_000);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // Each write is a chunk of its own: "end " and the total arrive apart.
            String rest = readUntil(in, "110000\n");
            assertTrue(rest.contains("end "), rest);
        }
    }

    @Test
    void reqBodyRead_chunkedBodyPassesTheLimitMidStream_isRequestTooLargeAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", host.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            chunk(out, 100_000);
            try {
                chunk(out, 150_000);
                Thread.sleep(200);
                chunk(out, 150_000);
            } catch (IOException e) {
                // The host may close the connection before all of it is sent.
            }
            String answer = readToEnd(socket.getInputStream());

            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"error\":\"request_too_large\""), answer);
            assertTrue(answer.contains("200000"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        }
    }

    @Test
    void reqBodyRead_clientStallsMidBody_theWaitEndsAtTheDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", host.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /impatient HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            chunk(out, 100_000);
            String answer = readUntil(socket.getInputStream(), "\"timeout\"");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(answer.startsWith("HTTP/1.1 504"), answer);
            assertTrue(millis < 3_000, "answered after " + millis + " ms");
        }
    }

    @Test
    void reqBodyRead_largeBodyFromAnHttpClient_arrivesWhole() {
        byte[] body = new byte[150_000];
        Arrays.fill(body, (byte) 'b');
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/reader")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("end 150000\n"), response.body());
    }

    @Test
    void cgi_largeBody_isStandardInputWhole() {
        String body = "c".repeat(200_000);
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/cgi-echo")).POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("env CONTENT_LENGTH=200000\n"), response.body());
        assertTrue(response.body().endsWith("stdin " + body + "\n"), response.body().length() + " characters");
    }
}

package dev.edgehost.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written byte for byte, as a browser or an attacker would send it, with
 * headers an HTTP client library refuses to set ({@code Host}); the answer is read to the end.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status, and its body as text. */
    record Answer(int status, String body) {

        /** The stable error code of an error answer. */
        String errorCode() {
            try {
                JsonNode error = JSON.readTree(body);
                return error.path("error").asText();
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private RawHttp() {}

    /**
     * Sends the request line and headers given, then {@code body} with its length, and
     * {@code connection: close}.
     */
    static Answer send(int port, String requestLineAndHeaders, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String head = requestLineAndHeaders + "content-length: " + body.length + "\r\nconnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

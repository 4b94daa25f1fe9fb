package dev.edgehost.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** HTTP/1.1 by hand on a socket, for tests of bodies that arrive in pieces: chunks out, answers in. */
public final class RawHttp {
    private RawHttp() {}

    /** Writes one chunk of {@code size} bytes of {@code 'a'} and flushes it. */
    public static void chunk(OutputStream out, int size) throws IOException {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'a');
        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads until the text so far contains {@code expected}; fails at the socket's timeout or the stream's end. */
    public static String readUntil(InputStream in, String expected) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(expected)) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no \"" + expected.trim() + "\" in: " + seen.toString(StandardCharsets.ISO_8859_1), e);
            }
            if (n < 0) {
                throw new AssertionError("the connection ended before \"" + expected.trim() + "\": " + seen.toString(StandardCharsets.ISO_8859_1));
            }
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * One answer with a {@code content-length}, its head and body, read by its framing: it does
     * not wait for the connection to end, which a server that drains the rest of a refused body
     * first may put off until its own timeout. Fails at the socket's timeout or the stream's end.
     */
    public static String readAnswer(InputStream in) throws IOException {
        String head = readUntil(in, "\r\n\r\n");
        int end = head.indexOf("\r\n\r\n") + 4;
        long length = -1;
        for (String line : head.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new AssertionError("an answer without content-length: " + head);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        long missing = end + length - head.length();
        byte[] buffer = new byte[8192];
        while (missing > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, missing));
            if (n < 0) {
                throw new AssertionError("the connection ended " + missing + " bytes before the answer's end: " + answer);
            }
            answer.write(buffer, 0, n);
            missing -= n;
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything until the stream ends; a reset after the answer leaves what came before it. */
    public static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            in.transferTo(answer);
        } catch (IOException e) {
            // A reset after the answer: what came before it is the answer.
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}

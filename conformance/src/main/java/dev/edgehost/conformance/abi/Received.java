package dev.edgehost.conformance.abi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;

/**
 * A response as the client received it: the status and headers, the body bytes that came, and
 * whether the body was cut (the connection ended without its end) rather than complete.
 */
record Received(int status, HttpHeaders headers, byte[] body, boolean cut) {

    /** Reads the body of a response taken as a stream to its end or its cut. */
    static Received read(HttpResponse<InputStream> response) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean cut = false;
        byte[] buffer = new byte[8192];
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body.write(buffer, 0, n);
            }
        } catch (IOException e) {
            cut = true;
        }
        return new Received(response.statusCode(), response.headers(), body.toByteArray(), cut);
    }
}
